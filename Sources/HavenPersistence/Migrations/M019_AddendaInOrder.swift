import FluentKit
import SQLKit

/// R2.4: a concern's addenda are read a page at a time in the order they were added, so opening
/// a concern with thousands of them reads one page from an index, not all of them.
struct M019_AddendaInOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "addenda_in_order").on("addenda").column("concern_id").column("added_at")
            .column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "addenda_in_order").run()
    }
}
