import FluentKit
import Foundation
import HavenApp
import HavenPersistence
import SQLKit

extension TestHaven {
    /// A sealed column's stored values, each with the place it is sealed to (R7.4).
    public struct StoredValue: Sendable {
        public let place: SealedPlace
        public let value: String?
    }

    public func storedValues(_ table: String, _ column: String) async throws -> [StoredValue] {
        guard let sealed = SealedColumn.all.first(where: { $0.table == table && $0.column == column }) else {
            preconditionFailure("\(table).\(column) is not a sealed column")
        }
        let sql = app.db(HavenDatabase.id) as! any SQLDatabase
        var query = sql.select().column(SQLColumn(sealed.row), as: "row").column(SQLColumn(column), as: "value")
        for (index, name) in sealed.bound.enumerated() { query = query.column(SQLColumn(name), as: "b\(index)") }
        return try await query.from(table).orderBy(SQLColumn(sealed.row)).all().map { row in
            let bound = try sealed.bound.indices.map { try row.decode(column: "b\($0)", as: String.self) }
            return StoredValue(
                place: sealed.place(try row.decode(column: "row", as: String.self), bound),
                value: try row.decode(column: "value", as: String?.self))
        }
    }

    /// Issue 13.1: puts `column` of `table` back in plain, as a database from before sealing held
    /// it, so that a data migration written then can be run again over it (`sealAgain` after).
    public func storeInPlain(_ table: String, _ column: String) async throws {
        let sql = app.db(HavenDatabase.id) as! any SQLDatabase
        for stored in try await storedValues(table, column) {
            guard let sealed = stored.value, !sealed.isEmpty else { continue }
            let plain = try sealer.open(sealed, in: stored.place)
            try await sql.update(table).set(SQLColumn(column), to: SQLBind(plain))
                .where(SQLColumn(SealedColumn.all.first { $0.table == table }!.row), .equal, SQLBind(stored.place.row))
                .run()
        }
    }

    /// Seals again whatever was put back in plain, as `haven migrate` does over a database from
    /// before sealing.
    public func sealAgain() async throws {
        try await DataSealing.sealPlainValuesAgain(on: app.db(HavenDatabase.id), with: sealer, now: clock.now())
    }
}
