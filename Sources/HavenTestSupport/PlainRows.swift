import FluentKit
import Foundation
import HavenApp
import HavenPersistence
import SQLKit

extension TestHaven {
    /// Issue 13.1: puts `column` of `table` back in plain, as a database from before sealing held
    /// it, so that a data migration written then can be run again over it (`sealAgain` after).
    public func storeInPlain(_ table: String, _ column: String) async throws {
        struct Value: Decodable {
            let row: String
            let value: String?
        }
        let sql = app.db(HavenDatabase.id) as! any SQLDatabase
        let values = try await sql.raw("SELECT id AS row, \(ident: column) AS value FROM \(ident: table)")
            .all(decoding: Value.self)
        for value in values {
            guard let sealed = value.value else { continue }
            let plain = try sealer.open(sealed, in: SealedPlace(table, column, row: value.row))
            try await sql.raw(
                "UPDATE \(ident: table) SET \(ident: column) = \(bind: plain) WHERE id = \(bind: value.row)"
            )
            .run()
        }
    }

    /// Seals again whatever is in plain (as `haven migrate` does after the data migrations).
    public func sealAgain() async throws {
        try await DataSealing.sealEverything(on: app.db(HavenDatabase.id), with: sealer, now: clock.now(), force: true)
    }
}
