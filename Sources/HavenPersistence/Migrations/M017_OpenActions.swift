import FluentKit
import Foundation
import HavenDomain
import SQLKit

/// R3.3, N1: the actions not yet done, by due day, so the inbox reads the soonest a page at a
/// time and counts the overdue from an index, however many actions were ever set; and by owner,
/// for handing a leaver's work on. A row leaves when its action is completed. Filled in for the
/// actions already open.
struct M017_OpenActions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let text = sql.dialect.name == "sqlite" ? "TEXT" : "TEXT COLLATE \"C\""
        try await sql.raw(
            """
            CREATE TABLE open_actions (action_id \(unsafeRaw: text) PRIMARY KEY, due_on \(unsafeRaw: text) NOT NULL,
              owner_id TEXT NOT NULL)
            """
        ).run()
        try await sql.create(index: "open_actions_by_due").on("open_actions").column("due_on").column("action_id").run()
        try await sql.create(index: "open_actions_by_owner").on("open_actions").column("owner_id").run()
        struct Row: Decodable { let body: String }
        for row in try await sql.select().column("body").from("case_actions").where(
            "completed_at", .is, SQLLiteral.null
        )
        .all(decoding: Row.self) {
            try await SQLKitCaseStore.open(try CaseActionBodyV1.decode(row.body), on: sql)
        }
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "open_actions").run()
    }
}
