import FluentKit
import Foundation
import SQLKit

/// Issue 13.1, R7.4: brings every sealed column under the current data key. Values stored in
/// plain before sealing existed are sealed; values under an earlier key are opened and sealed
/// again. It runs when Haven starts (`haven migrate`, `haven serve`) and when a key is rotated,
/// in pages that each commit, so a pass cut short goes on from where it was. Each row is
/// changed only if it still holds what was read, so a server writing meanwhile is never undone.
public enum DataSealing {
    public struct Report: Sendable, Equatable {
        /// Values that were in plain.
        public var sealed = 0
        /// Values that were under an earlier key.
        public var resealed = 0
        /// Whether the columns were read at all (not when the database was already complete).
        public var passed = false
    }

    struct State: Decodable {
        let keyId: String
        let complete: Bool
    }

    /// Seals what is not yet under the current key. Nothing is read when the database already
    /// records that every row is.
    @discardableResult
    public static func sealEverything(
        on database: any Database, with sealer: DataSealer, now: Date, force: Bool = false, pageSize: Int = 500
    ) async throws -> Report {
        let sql = database as! any SQLDatabase
        let current = sealer.ring.current.id
        let recorded = try await state(sql)
        if !force, let recorded, recorded.keyId == current, recorded.complete { return Report() }
        // The key named last must be among those given: otherwise this is the wrong key, or
        // the key file of another database, and nothing sealed would open.
        if let recorded, !sealer.ring.all.contains(where: { $0.id == recorded.keyId }) {
            throw DataKeyError.notInRing(recorded.keyId)
        }
        // The key is named before anything is sealed under it.
        try await setState(sql, keyID: current, complete: false, at: now)
        var report = Report(passed: true)
        for column in SealedColumn.all {
            try await seal(column, on: database, with: sealer, pageSize: pageSize, report: &report)
        }
        try await setState(sql, keyID: current, complete: true, at: now)
        if report.sealed > 0 { try await scrubFreedSpace(sql) }
        return report
    }

    /// Values sealed in place leave their plain text in the database's free pages (SQLite, and
    /// its log) or in dead row versions (PostgreSQL) until something overwrites them: the tables
    /// are rewritten, so that a copy of the file taken afterwards holds none of it.
    static func scrubFreedSpace(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "sqlite" {
            try await sql.raw("VACUUM").run()
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        } else {
            for table in Set(SealedColumn.all.map(\.table)).sorted() {
                try await sql.raw("VACUUM FULL \(ident: table)").run()
            }
        }
    }

    /// The key the database records its content as sealed under, and whether every row is.
    static func state(_ sql: any SQLDatabase) async throws -> State? {
        try await sql.select().columns("key_id", "complete").from("data_sealing").where("id", .equal, SQLBind(1))
            .first(decoding: State.self, with: rowDecoder)
    }

    public static func sealedUnder(_ database: any Database) async throws -> (keyID: String, complete: Bool)? {
        try await state(database as! any SQLDatabase).map { ($0.keyId, $0.complete) }
    }

    private static func setState(_ sql: any SQLDatabase, keyID: String, complete: Bool, at now: Date) async throws {
        try await sql.delete(from: "data_sealing").where("id", .equal, SQLBind(1)).run()
        try await sql.insert(into: "data_sealing").columns("id", "key_id", "complete", "changed_at")
            .values(SQLBind(1), SQLBind(keyID), SQLBind(complete), SQLBind(now.millis)).run()
    }

    private struct TextRow: Decodable {
        let row: String
        let value: String?
    }

    private static func seal(
        _ column: SealedColumn, on database: any Database, with sealer: DataSealer, pageSize: Int,
        report: inout Report
    ) async throws {
        let current = sealer.ring.current.id
        var after = ""
        while true {
            let sql = database as! any SQLDatabase
            let rows = try await sql.select().column(SQLColumn(column.row), as: "row")
                .column(SQLColumn(column.column), as: "value").from(column.table)
                .where(SQLColumn(column.row), .greaterThan, SQLBind(after)).orderBy(SQLColumn(column.row))
                .limit(pageSize).all()
            guard !rows.isEmpty else { return }
            var changes: [(row: String, old: SQLBind, new: SQLBind)] = []
            for row in rows {
                let id = try row.decode(column: "row", as: String.self)
                after = id
                if column.isBytes {
                    guard let stored = try row.decode(column: "value", as: Data?.self) else { continue }
                    let bytes = Array(stored)
                    let keyID = DataSealer.keyID(ofBytes: bytes)
                    if keyID == current { continue }
                    let plain = try keyID == nil ? bytes : sealer.open(bytes: bytes, in: column.place(id))
                    if keyID == nil { report.sealed += 1 } else { report.resealed += 1 }
                    changes.append(
                        (id, SQLBind(stored), SQLBind(Data(try sealer.seal(bytes: plain, in: column.place(id))))))
                } else {
                    guard let stored = try row.decode(column: "value", as: String?.self) else { continue }
                    let keyID = DataSealer.keyID(of: stored)
                    if keyID == current { continue }
                    let plain = try keyID == nil ? stored : sealer.open(stored, in: column.place(id))
                    if keyID == nil { report.sealed += 1 } else { report.resealed += 1 }
                    changes.append((id, SQLBind(stored), SQLBind(try sealer.seal(plain, in: column.place(id)))))
                }
            }
            if !changes.isEmpty {
                let changes = changes
                try await database.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    for change in changes {
                        try await sql.update(column.table).set(SQLColumn(column.column), to: change.new)
                            .where(SQLColumn(column.row), .equal, SQLBind(change.row))
                            .where(SQLColumn(column.column), .equal, change.old).run()
                    }
                }
            }
            if rows.count < pageSize { return }
        }
    }
}
