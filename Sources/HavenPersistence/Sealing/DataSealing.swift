import Crypto
import FluentKit
import Foundation
import HavenDomain
import SQLKit

/// Issue 13.1, R7.4: brings every sealed column under the current data key. Values stored in
/// plain before sealing existed are sealed; values under an earlier key are opened and sealed
/// again. It runs when Haven starts (`haven migrate`, `haven serve`) and when a key is rotated,
/// in pages that each commit, so a pass cut short goes on from where it was. Each row is
/// changed only if it still holds what was read, so a server writing meanwhile is never undone.
///
/// Once every value has been sealed, a value in plain can only have been written by someone
/// without the key: it is refused, never sealed (which would make it look authentic).
public enum DataSealing {
    public struct Report: Sendable, Equatable {
        /// Values that were in plain.
        public var sealed = 0
        /// Values that were under an earlier key.
        public var resealed = 0
        /// Values that were not genuine, in a column that lets them go (`SealedColumn.letGo`).
        public var letGo = 0
        /// Whether the columns were read at all (not when the database was already complete).
        public var passed = false
    }

    struct State: Decodable {
        let keyId: String
        let complete: Bool
        let sealedSince: Int64?
        let changedAt: Int64
        let mac: String
        /// Which set of sealed columns (`SealedColumn.joined`) it covers; none recorded is the first.
        let columnsVersion: Int?
        var columns: Int { columnsVersion ?? 1 }
    }

    /// Seals what is not yet under the current key. Nothing is read when the database already
    /// records that every row is.
    @discardableResult
    public static func sealEverything(
        on database: any Database, with sealer: DataSealer, now: Date, force: Bool = false, pageSize: Int = 500
    ) async throws -> Report {
        let sql = database as! any SQLDatabase
        let current = sealer.ring.current.id
        let recorded = try await state(sql, ring: sealer.ring)
        if !force, let recorded, recorded.keyId == current, recorded.complete,
            recorded.columns >= SealedColumn.version
        {
            return Report()
        }
        // Columns that joined the sealed set after the database was last sealed (an upgrade) are
        // passed over once. Until the pass ends, the record still says which set it covered.
        let covered = recorded?.columns ?? SealedColumn.version
        // Plain values are sealed only on the way to the first complete pass, and only if the
        // record of that is there (or nothing was ever sealed).
        var plainAllowed = recorded.map { $0.sealedSince == nil } ?? true
        if recorded == nil, try await anythingSealed(sql) { plainAllowed = false }
        // A record saying plain values may still be sealed is written only while some are there
        // to seal (a database from before sealing, part way): never for a new database, and never
        // again once they are all sealed, so there is no such record to copy and put back later.
        var since = recorded?.sealedSince
        if since == nil {
            let nothingPlain = plainAllowed ? !(try await anythingPlain(sql)) : true
            if nothingPlain { since = now.millis }
        }
        plainAllowed = plainAllowed && since == nil
        // The key is named before anything is sealed under it.
        try await setState(sql, sealer: sealer, complete: false, sealedSince: since, columns: covered, at: now)
        var report = Report(passed: true)
        for column in SealedColumn.all {
            try await seal(
                column, on: database, with: sealer, plainAllowed: plainAllowed, now: now, pageSize: pageSize,
                report: &report)
        }
        // Plain text sealed in place lingers in free pages: it goes too, the first time
        // everything is sealed (and again if that was cut short before it was recorded).
        if report.sealed > 0 || (recorded != nil && recorded?.sealedSince == nil) { try await scrubFreedSpace(sql) }
        try await setState(
            sql, sealer: sealer, complete: true, sealedSince: since ?? now.millis, columns: SealedColumn.version,
            at: now)
        return report
    }

    /// Seals values that someone holding the key put back in plain (the tests of data migrations
    /// written before sealing do): as the first pass, plain values are taken as genuine. Only a
    /// holder of the key can start it, since the record it writes carries the key's HMAC.
    @discardableResult
    public static func sealPlainValuesAgain(on database: any Database, with sealer: DataSealer, now: Date)
        async throws -> Report
    {
        try await setState(
            database as! any SQLDatabase, sealer: sealer, complete: false, sealedSince: nil,
            columns: SealedColumn.version, at: now)
        return try await sealEverything(on: database, with: sealer, now: now, force: true)
    }

    /// The key the database records its content as sealed under, checked against that key.
    static func state(_ sql: any SQLDatabase, ring: DataKeyRing) async throws -> State? {
        guard
            let state = try await sql.select()
                .columns("key_id", "complete", "sealed_since", "changed_at", "mac", "columns_version")
                .from("data_sealing").where("id", .equal, SQLBind(1)).first(decoding: State.self, with: rowDecoder)
        else { return nil }
        // The key named last must be among those given: otherwise this is the wrong key, or
        // the key file of another database, and nothing sealed would open.
        guard let key = ring.key(id: state.keyId) else {
            throw DataKeyError.notInRing(state.keyId, given: ring.all.map(\.id))
        }
        guard
            mac(
                key, keyID: state.keyId, complete: state.complete, sealedSince: state.sealedSince,
                columns: state.columns, at: state.changedAt) == state.mac
        else { throw SealingError.stateChanged }
        return state
    }

    static func mac(
        _ key: DataKey, keyID: String, complete: Bool, sealedSince: Int64?, columns: Int, at: Int64
    ) -> String {
        // The first set of columns is not named, so that records written before sets had
        // versions still check.
        let text =
            "haven data sealing v1|\(keyID)|\(complete)|\(sealedSince.map(String.init) ?? "-")|\(at)"
            + (columns > 1 ? "|columns \(columns)" : "")
        return Hex.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key.key)))
    }

    private static func setState(
        _ sql: any SQLDatabase, sealer: DataSealer, complete: Bool, sealedSince: Int64?, columns: Int,
        at now: Date
    ) async throws {
        let key = sealer.ring.current
        let mac = mac(
            key, keyID: key.id, complete: complete, sealedSince: sealedSince, columns: columns, at: now.millis)
        // One statement, so that no moment leaves the table without its row.
        try await sql.raw(
            """
            INSERT INTO data_sealing (id, key_id, complete, sealed_since, changed_at, mac, columns_version) \
            VALUES (1, \(bind: key.id), \(bind: complete), \(bind: sealedSince), \(bind: now.millis), \(bind: mac), \
            \(bind: columns)) \
            ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, complete = excluded.complete, \
            sealed_since = excluded.sealed_since, changed_at = excluded.changed_at, mac = excluded.mac, \
            columns_version = excluded.columns_version
            """
        ).run()
    }

    /// Whether any text column holds a sealed value (asked only when the record of sealing is
    /// missing: a database that never had it holds none).
    private static func anythingSealed(_ sql: any SQLDatabase) async throws -> Bool {
        for column in SealedColumn.all where !column.isBytes {
            let found = try await sql.raw(
                "SELECT 1 AS one FROM \(ident: column.table) WHERE \(ident: column.column) LIKE 'hv1:%' LIMIT 1"
            ).first()
            if found != nil { return true }
        }
        return false
    }

    /// Whether any text column holds a value in plain (a database from before sealing).
    private static func anythingPlain(_ sql: any SQLDatabase) async throws -> Bool {
        for column in SealedColumn.all where !column.isBytes {
            let emptied = column.emptiedOnceUsed ? "\(column.column) <> ''" : "1 = 1"
            let found = try await sql.raw(
                """
                SELECT 1 AS one FROM \(ident: column.table) WHERE \(ident: column.column) IS NOT NULL \
                AND \(ident: column.column) NOT LIKE 'hv1:%' AND \(unsafeRaw: emptied) LIMIT 1
                """
            ).first()
            if found != nil { return true }
        }
        return false
    }

    /// Values sealed in place leave their plain text in the database's free pages (SQLite, and
    /// its log) or in dead row versions (PostgreSQL) until something overwrites them: the tables
    /// are rewritten, so that a copy of the file taken afterwards holds none of it.
    static func scrubFreedSpace(_ sql: any SQLDatabase) async throws {
        if sql.dialect.name == "sqlite" {
            try await sql.raw("VACUUM").run()
            try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        } else {
            for table in Set(SealedColumn.all.map(\.table) + ["data_sealing"]).sorted() {
                try await sql.raw("VACUUM FULL \(ident: table)").run()
            }
        }
    }

    private static func seal(
        _ column: SealedColumn, on database: any Database, with sealer: DataSealer, plainAllowed: Bool, now: Date,
        pageSize: Int, report: inout Report
    ) async throws {
        let current = sealer.ring.current.id
        var after = ""
        var letGo: [(row: String, old: SQLBind)] = []
        while true {
            let sql = database as! any SQLDatabase
            var query = sql.select().column(SQLColumn(column.row), as: "row")
                .column(SQLColumn(column.column), as: "value")
            for (index, name) in column.bound.enumerated() { query = query.column(SQLColumn(name), as: "b\(index)") }
            let rows = try await query.from(column.table)
                .where(SQLColumn(column.row), .greaterThan, SQLBind(after)).orderBy(SQLColumn(column.row))
                .limit(pageSize).all()
            guard !rows.isEmpty else { return }
            var changes: [(row: String, old: SQLBind, new: SQLBind)] = []
            for row in rows {
                let id = try row.decode(column: "row", as: String.self)
                after = id
                let bound = try column.bound.indices.map { try row.decode(column: "b\($0)", as: String.self) }
                let place = column.place(id, bound)
                if column.isBytes {
                    guard let stored = try row.decode(column: "value", as: Data?.self) else { continue }
                    let bytes = Array(stored)
                    let keyID = DataSealer.keyID(ofBytes: bytes)
                    if keyID == current { continue }
                    guard keyID != nil || plainAllowed else { throw SealingError.plainAfterSealing(place) }
                    let plain = try keyID == nil ? bytes : sealer.open(bytes: bytes, in: place)
                    if keyID == nil { report.sealed += 1 } else { report.resealed += 1 }
                    changes.append((id, SQLBind(stored), SQLBind(Data(try sealer.seal(bytes: plain, in: place)))))
                } else {
                    guard let stored = try row.decode(column: "value", as: String?.self),
                        !(stored.isEmpty && column.emptiedOnceUsed)
                    else { continue }
                    let keyID = DataSealer.keyID(of: stored)
                    if keyID == current { continue }
                    // A value in plain, or one that does not open, in a column that lets such go:
                    // never sealed (it cannot be told from one written without the key).
                    if column.letGo != nil, keyID == nil || (try? sealer.open(stored, in: place)) == nil {
                        letGo.append((id, SQLBind(stored)))
                        continue
                    }
                    guard keyID != nil || plainAllowed else { throw SealingError.plainAfterSealing(place) }
                    let plain = try keyID == nil ? stored : sealer.open(stored, in: place)
                    if keyID == nil { report.sealed += 1 } else { report.resealed += 1 }
                    changes.append((id, SQLBind(stored), SQLBind(try sealer.seal(plain, in: place))))
                }
            }
            if !changes.isEmpty || !letGo.isEmpty {
                let changes = changes
                let going = letGo
                try await database.transaction { tx in
                    let sql = tx as! any SQLDatabase
                    for change in changes {
                        try await sql.update(column.table).set(SQLColumn(column.column), to: change.new)
                            .where(SQLColumn(column.row), .equal, SQLBind(change.row))
                            .where(SQLColumn(column.column), .equal, change.old).run()
                    }
                    if let how = column.letGo {
                        for value in going {
                            try await sql.update(column.table).set(SQLColumn(column.column), to: SQLBind(""))
                                .set(
                                    SQLColumn(how.at),
                                    to: SQLFunction("COALESCE", args: SQLColumn(how.at), SQLBind(now.millis))
                                )
                                .set(SQLColumn(how.markColumn), to: SQLBind(how.mark))
                                .where(SQLColumn(column.row), .equal, SQLBind(value.row))
                                .where(SQLColumn(column.column), .equal, value.old).run()
                        }
                    }
                }
                report.letGo += letGo.count
                letGo = []
            }
            if rows.count < pageSize { return }
        }
    }
}
