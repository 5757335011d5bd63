import FluentKit
import Foundation
import SQLKit

/// Issue 13.7: upgrading Haven. Every server and command brings the schema up to date before it
/// does anything else (`haven migrate` does only that). Two cautions for an upgrade:
/// - on PostgreSQL several servers started together (after an upgrade, say) would run the same
///   migrations at once and one would fail half-way: they take turns, under an advisory lock
///   held on a connection of its own, released when the upgrade ends or the connection drops;
/// - an older Haven on a database a newer one has upgraded (one server left behind in a rolling
///   upgrade, or the old binary started again after a failed upgrade) does not know what the new
///   tables and columns mean, and would write rows the newer version cannot trust: it refuses to
///   start, naming what it does not know.
public enum SchemaUpgrade {
    /// The lock's number: any constant, the same in every Haven (it spells HAVEN on a phone pad).
    public static let lockKey: Int64 = 42_836
    /// How long a server waits for another to finish upgrading before it gives up.
    public static let patience: TimeInterval = 15 * 60

    /// Runs `body` (the checks, migrations and sealing that make the database ready) while no
    /// other Haven on the same PostgreSQL database is doing the same. On SQLite one server
    /// holds the file (`ServeLock`) and SQLite serialises writers, so `body` just runs.
    public static func oneAtATime<T: Sendable>(
        on database: any Database, patience: TimeInterval = patience, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        guard (database as? any SQLDatabase)?.dialect.name == "postgresql" else { return try await body() }
        return try await database.withConnection { connection in
            let sql = connection as! any SQLDatabase
            // Waits for the lock a second at a time, saying so every ten seconds, and gives up
            // after `patience` (anyone who can connect could hold it for ever).
            let started = Date()
            var said = started
            while try await sql.raw("SELECT pg_try_advisory_lock(\(bind: lockKey)) AS taken").first(
                decoding: Taken.self)?.taken != true
            {
                if Date().timeIntervalSince(started) > patience { throw SchemaUpgradeError.anotherIsUpgrading }
                if Date().timeIntervalSince(said) >= 10 {
                    database.logger.warning(
                        "waiting for another Haven to finish bringing the database up to date (PostgreSQL advisory lock \(lockKey))"
                    )
                    said = Date()
                }
                try await Task.sleep(for: .seconds(1))
            }
            do {
                let result = try await body()
                try await sql.raw("SELECT pg_advisory_unlock(\(bind: lockKey))").run()
                return result
            } catch {
                try? await sql.raw("SELECT pg_advisory_unlock(\(bind: lockKey))").run()
                throw error
            }
        }
    }

    /// Throws `SchemaUpgradeError.databaseIsNewer` when the database records a migration that
    /// `known` (this version's) does not have. A database with no migrations table is new.
    public static func refuseNewer(_ database: any Database, known: [any Migration]) async throws {
        let sql = database as! any SQLDatabase
        struct Count: Decodable { let count: Int64 }
        let exists: Int64
        if sql.dialect.name == "postgresql" {
            exists =
                try await sql.raw(
                    "SELECT count(*) AS count FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = '_fluent_migrations'"
                ).first(decoding: Count.self)?.count ?? 0
        } else {
            exists =
                try await sql.raw(
                    "SELECT count(*) AS count FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'"
                ).first(decoding: Count.self)?.count ?? 0
        }
        guard exists > 0 else { return }
        struct Name: Decodable { let name: String }
        let applied = try await sql.raw("SELECT name FROM _fluent_migrations").all(decoding: Name.self).map(\.name)
        let names = Set(known.map(\.name))
        let unknown = applied.filter { !names.contains($0) }.sorted()
        if !unknown.isEmpty { throw SchemaUpgradeError.databaseIsNewer(unknown: unknown) }
    }
}

private struct Taken: Decodable { let taken: Bool }

public enum SchemaUpgradeError: Error, CustomStringConvertible, Equatable {
    case databaseIsNewer(unknown: [String])
    case anotherIsUpgrading

    public var description: String {
        switch self {
        case .anotherIsUpgrading:
            return
                "another Haven has been bringing the database up to date for \(Int(SchemaUpgrade.patience / 60)) minutes (it holds PostgreSQL advisory lock \(SchemaUpgrade.lockKey)): see whether it is still running (pg_locks), then start this one again"
        case .databaseIsNewer(let unknown):
            // Named in full: a name that differs only in its module is still not this version's.
            let shown = unknown.prefix(5)
            return
                "this database has been upgraded by a newer version of Haven (it has changes this version does not know: \(shown.joined(separator: ", "))\(unknown.count > 5 ? ", …" : "")). Run that version or a later one, or restore a backup made before the upgrade into a new place (docs/operations.md)"
        }
    }
}
