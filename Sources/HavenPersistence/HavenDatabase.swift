import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import HavenDomain
import HavenFeatures
import Logging
import SQLKit

/// N1, N3: connects Haven to its database, migrates it, and builds the one write path over it.
public enum HavenDatabase {
    public static let id = DatabaseID(string: "haven")

    /// Registers the database. SQL is never logged with its values (they hold case content).
    public static func register(_ location: DatabaseLocation, on databases: Databases) throws {
        switch location {
        case .sqlite(let path):
            databases.use(.sqlite(.file(path), maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30), sqlLogLevel: nil),
                          as: id, isDefault: true)
        case .postgres(let url):
            databases.use(try .postgres(url: url, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace),
                          as: id, isDefault: true)
        }
    }

    /// Every schema change, in order. Append only: a released migration is never edited.
    public static let migrations: [any Migration] = [
        M001_People(), M002_Sessions(), M003_Organisation(), M004_Concerns(), M005_Cases(), M006_Alerts(), M007_Audit(), M008_Delegations(), M009_Sites(), M010_ConcernsByChild(),
    ]

    /// N1: on SQLite, WAL is stored in the file before any pooled connection opens it (a connection
    /// opened earlier would keep reporting the old mode), and synchronous=FULL is checked, so that
    /// a commit is on disk before Haven answers.
    public static func prepareFile(_ location: DatabaseLocation) async throws {
        guard case .sqlite(let path) = location else { return }
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let mode = try await connection.query("PRAGMA journal_mode=WAL").first?.column("journal_mode")?.string
            guard mode == "wal" else { throw DurabilityError.walRefused(mode ?? "none") }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    /// N1: checks, on a pooled connection, that the file is in WAL mode and commits sync fully.
    public static func checkDurability(_ database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "sqlite" else { return }
        struct Mode: Decodable { let journal_mode: String }
        struct Sync: Decodable { let synchronous: Int }
        let mode = try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self)?.journal_mode
        if mode != "wal" { throw DurabilityError.walRefused(mode ?? "none") }
        let level = try await sql.raw("PRAGMA synchronous").first(decoding: Sync.self)?.synchronous
        if level != 2 { throw DurabilityError.synchronousNotFull(level ?? -1) }
    }

    /// Builds the unit of work. `database` makes a handle for a read; one handle serves the writer.
    public static func unitOfWork(database: @escaping @Sendable () -> any Database, chain: AuditChain, clock: any Now,
                                  anchor: AuditAnchor) -> FluentUnitOfWork {
        let cache = ReferenceCache()
        let writer = GroupCommitWriter(database: database(), anchor: anchor, afterCommit: { cache.committed() })
        return FluentUnitOfWork(writer: writer, makeDatabase: database, auditor: AuditAppender(chain: chain, clock: clock), cache: cache)
    }

    /// R7.1: checks the whole chain, in pages, against the key and the anchor.
    public static func verifyAudit(_ database: any Database, chain: AuditChain, anchor: AuditAnchor) async throws -> AuditVerification {
        let reader = FluentAuditLogReader(sql: database as! any SQLDatabase)
        var events: [AuditEvent] = []
        var after: Int64 = 0
        while true {
            let page = try await reader.events(after: after, limit: 5_000)
            events += page
            guard let last = page.last, page.count == 5_000 else { break }
            after = last.sequence
        }
        // A deleted event leaves a gap in sequence numbers, which the chain check names.
        return chain.verify(events, anchor: try anchor.latest())
    }
}

public enum DurabilityError: Error, CustomStringConvertible {
    case synchronousNotFull(Int)
    case walRefused(String)

    public var description: String {
        switch self {
        case .walRefused(let mode): "SQLite stayed in \(mode) mode instead of WAL"
        case .synchronousNotFull(let level): "SQLite synchronous is \(level), not FULL (2): commits would not be durable"
        }
    }
}
