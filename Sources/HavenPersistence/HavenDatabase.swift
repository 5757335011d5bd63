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

    /// Registers the database. SQL is never logged: the drivers log it with its bound values,
    /// which hold case content (SQLite not at all; PostgreSQL at trace, below any level Haven logs at).
    public static func register(_ location: DatabaseLocation, on databases: Databases) throws {
        switch location {
        case .sqlite(let path):
            databases.use(
                .sqlite(
                    .file(path), maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace
                ),
                as: id, isDefault: true)
        case .postgres(let url):
            databases.use(
                try .postgres(
                    url: url, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(30), sqlLogLevel: .trace),
                as: id, isDefault: true)
        }
    }

    /// Every schema change, in order (`HavenMigrations.all`).
    public static var migrations: [any Migration] { HavenMigrations.all }

    /// N1: on SQLite, WAL is stored in the file before any pooled connection opens it (a connection
    /// opened earlier would keep reporting the old mode), and synchronous=FULL is checked, so that
    /// a commit is on disk before Haven answers.
    public static func prepareFile(_ location: DatabaseLocation) async throws {
        guard case .sqlite(let path) = location else { return }
        // Issue 13.1: owner-only before SQLite first writes to it (its log files follow it).
        try OwnerOnlyFiles.keepDatabase(path)
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

    /// N1: checks, on a pooled connection, that the file is in WAL mode and commits sync fully;
    /// on PostgreSQL, that neither fsync nor synchronous_commit is off (issue 13.4).
    public static func checkDurability(_ database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "sqlite" else {
            struct Setting: Decodable { let setting: String }
            for name in ["fsync", "synchronous_commit"] {
                let value =
                    try await sql.raw("SELECT current_setting(\(bind: name)) AS setting").first(
                        decoding: Setting.self)?.setting ?? "unknown"
                if value == "off" { throw DurabilityError.postgresSetting(name, value) }
            }
            return
        }
        struct Mode: Decodable { let journalMode: String }
        struct Sync: Decodable { let synchronous: Int }
        let mode = try await sql.raw("PRAGMA journal_mode").first(decoding: Mode.self, with: rowDecoder)?.journalMode
        if mode != "wal" { throw DurabilityError.walRefused(mode ?? "none") }
        let level = try await sql.raw("PRAGMA synchronous").first(decoding: Sync.self)?.synchronous
        if level != 2 { throw DurabilityError.synchronousNotFull(level ?? -1) }
    }

    /// Builds the unit of work. `database` makes a handle for a read; one handle serves the writer.
    public static func unitOfWork(
        database: @escaping @Sendable () -> any Database, chain: AuditChain, clock: any Now,
        anchor: AuditAnchor, anchorHealth: AuditAnchorHealth = AuditAnchorHealth(), sealer: DataSealer
    ) -> FluentUnitOfWork {
        // Issue 13.6: on PostgreSQL several servers may share the database, and a role taken
        // away or an account closed on one must hold on all of them at once: sessions and each
        // person's own record (the roles every access decision is made from) are read afresh
        // every time. Lists (everyone, for routing an alert; the organisation's settings and
        // sites) are kept for a few seconds, as on SQLite, where there is one server and a
        // command beside it (`haven user`) is seen within seconds.
        let shared = (database() as? any SQLDatabase)?.dialect.name == "postgresql"
        let cache = ReferenceCache(lifetime: 5, alwaysFresh: shared ? ["session.", "person."] : [])
        let writer = GroupCommitWriter(
            database: database(), anchor: anchor, anchorHealth: anchorHealth,
            chainHolds: { try await anchorLineHolds(database(), $0) }, afterCommit: { cache.committed() })
        return FluentUnitOfWork(
            writer: writer, makeDatabase: database, auditor: AuditAppender(chain: chain, clock: clock), cache: cache,
            sealer: sealer)
    }

    /// R7.1: checks the whole chain in pages of events, in constant memory, against the key,
    /// every line of the anchor, and an auditor's signed checkpoint if one is given. The anchor
    /// is read only as far as it had been written before the events were read, so commits
    /// made while it runs are not taken for deleted events.
    public static func verifyAudit(
        _ database: any Database, chain: AuditChain, anchor: AuditAnchor,
        checkpoint: AuditCheckpoint? = nil
    ) async throws -> AuditVerification {
        let reader = SQLKitAuditLogReader(sql: database as! any SQLDatabase)
        var check = AuditChainCheck(
            chain: chain, anchor: anchor.lines(upTo: anchor.size() ?? 0).makeIterator(), checkpoint: checkpoint)
        var after: Int64 = 0
        reading: while true {
            let page = try await reader.events(after: after, limit: 5_000)
            for event in page where !check.check(event) { break reading }
            guard let last = page.last, page.count == 5_000 else { break }
            after = last.sequence
        }
        return check.finish()
    }

    /// R7.1: whether an anchor line is one of the chain's heads: at or before the chain's head
    /// (the one row the next event is appended after, not the largest sequence among the events
    /// or head rows, which a row written by hand could raise), with the MAC of the chain's event
    /// there. Read through the pool; also gives the chain's head.
    static func anchorLineHolds(_ database: any Database, _ line: AuditHead) async throws -> AnchorLineCheck {
        struct Head: Decodable { let sequence: Int64 }
        struct Event: Decodable { let mac: String }
        let sql = database as! any SQLDatabase
        let head =
            try await sql.raw("SELECT sequence FROM audit_head WHERE id = 1").first(decoding: Head.self)?.sequence ?? 0
        guard line.sequence <= head else { return AnchorLineCheck(chainHead: head, holds: false) }
        let event = try await sql.raw("SELECT mac FROM audit_events WHERE sequence = \(bind: line.sequence)").first(
            decoding: Event.self)
        return AnchorLineCheck(chainHead: head, holds: event?.mac == line.mac)
    }

    /// R7.1: how many events the audit chain holds, read before any migration runs (0 for a new
    /// database, whose tables do not exist yet), to decide whether a missing key may be made.
    public static func auditEventCount(_ location: DatabaseLocation, pooled: () -> any Database) async throws -> Int64 {
        try await rowCount(of: "audit_events", location, pooled: pooled)
    }

    /// How many rows `table` holds, read before any migration runs (0 if it does not exist yet).
    /// SQLite is opened directly, not through the pool, so that no pooled connection opens the
    /// file before it is put in WAL mode.
    public static func rowCount(of table: String, _ location: DatabaseLocation, pooled: () -> any Database)
        async throws -> Int64
    {
        struct Count: Decodable { let count: Int64 }
        switch location {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else { return 0 }
            let connection = try await SQLiteConnection.open(storage: .file(path: path))
            do {
                let exists = try await connection.query(
                    "SELECT count(*) AS count FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])
                var count: Int64 = 0
                if exists.first?.column("count")?.integer ?? 0 > 0 {
                    count = Int64(
                        try await connection.query("SELECT count(*) AS count FROM \"\(table)\"").first?.column("count")?
                            .integer ?? 0)
                }
                try await connection.close()
                return count
            } catch {
                try? await connection.close()
                throw error
            }
        case .postgres:
            let sql = pooled() as! any SQLDatabase
            let exists =
                try await sql.raw(
                    "SELECT count(*) AS count FROM information_schema.tables WHERE table_name = \(bind: table) AND table_schema = current_schema()"
                )
                .first(decoding: Count.self)?.count ?? 0
            guard exists > 0 else { return 0 }
            return try await sql.raw("SELECT count(*) AS count FROM \(ident: table)").first(decoding: Count.self)?.count
                ?? 0
        }
    }
}

public enum DurabilityError: DurabilityProblem {
    case synchronousNotFull(Int)
    case walRefused(String)
    /// Issue 13.4: a PostgreSQL setting under which a commit is not on disk when it returns.
    case postgresSetting(String, String)

    public var description: String {
        switch self {
        case .walRefused(let mode): "SQLite stayed in \(mode) mode instead of WAL"
        case .synchronousNotFull(let level):
            "SQLite synchronous is \(level), not FULL (2): commits would not be durable"
        case .postgresSetting(let name, let value):
            "PostgreSQL \(name) is \(value): commits would not be durable"
        }
    }
}
