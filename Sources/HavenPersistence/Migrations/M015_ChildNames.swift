import FluentKit
import Foundation
import HavenDomain
import SQLKit

/// R3.2, N1: children found by name without reading them all. Each child's folded whole name
/// (`children.sort_key`, indexed with the id, for the list a page at a time) and each folded word
/// of it (`child_name_words`, for search by the start of any word). Compared byte by byte on both
/// databases (SQLite's BINARY, PostgreSQL's "C"), so pages and prefixes agree and use the index.
struct M015_ChildNames: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let text = sql.dialect.name == "sqlite" ? "TEXT" : "TEXT COLLATE \"C\""
        try await sql.raw("ALTER TABLE children ADD COLUMN sort_key \(unsafeRaw: text) NOT NULL DEFAULT ''").run()
        try await sql.raw(
            "CREATE TABLE child_name_words (word \(unsafeRaw: text) NOT NULL, child_id TEXT NOT NULL, PRIMARY KEY (word, child_id))"
        ).run()
        struct Row: Decodable {
            let id: String
            let details: String
        }
        for row in try await sql.select().columns("id", "details").from("children").all(decoding: Row.self) {
            let name = try ChildDetailsV1.decode(row.details).displayName
            try await ChildNames.store(name, of: row.id, on: sql, updating: true)
        }
        try await sql.create(index: "children_by_name").on("children").column("sort_key").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "children_by_name").run()
        try await sql.drop(table: "child_name_words").run()
        try await sql.raw("ALTER TABLE children DROP COLUMN sort_key").run()
    }
}

/// Writes a child's name keys: the sort key on the child's row, and one row per word.
enum ChildNames {
    static func store(_ name: String, of id: String, on sql: any SQLDatabase, updating: Bool) async throws {
        if updating {
            try await sql.update("children").set("sort_key", to: SQLBind(NameKey.sortKey(name)))
                .where("id", .equal, SQLBind(id)).run()
        }
        for word in NameKey.words(name) {
            try await sql.insert(into: "child_name_words").columns("word", "child_id").values(
                SQLBind(word), SQLBind(id)
            ).run()
        }
    }
}
