import FluentKit
import SQLKit

/// R1.2: the list of people is read a page at a time by name, so an organisation with thousands
/// of volunteers (and years of leavers) is never read whole to show it.
struct M020_PeopleByName: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "people_by_name").on("people").column("name").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "people_by_name").run()
    }
}
