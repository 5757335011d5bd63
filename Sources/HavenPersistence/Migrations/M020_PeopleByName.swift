import FluentKit
import HavenDomain
import SQLKit

/// R1.2: the list of people is read a page at a time in order of their names folded for
/// comparison (`NameKey`, as children are), so "émile" is listed beside "Emma" and an
/// organisation with thousands of volunteers (and years of leavers) is never read whole.
/// Filled in for the people already on record.
struct M020_PeopleByName: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let text = sql.dialect.name == "sqlite" ? "TEXT" : "TEXT COLLATE \"C\""
        try await sql.raw("ALTER TABLE people ADD COLUMN sort_key \(unsafeRaw: text) NOT NULL DEFAULT ''").run()
        struct Row: Decodable {
            let id: String
            let name: String
        }
        for row in try await sql.select().columns("id", "name").from("people").all(decoding: Row.self) {
            try await sql.update("people").set("sort_key", to: SQLBind(NameKey.sortKey(row.name)))
                .where("id", .equal, SQLBind(row.id)).run()
        }
        try await sql.create(index: "people_by_name").on("people").column("sort_key").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "people_by_name").run()
        try await sql.raw("ALTER TABLE people DROP COLUMN sort_key").run()
    }
}
