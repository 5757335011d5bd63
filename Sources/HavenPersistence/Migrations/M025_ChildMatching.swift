import FluentKit
import Foundation
import HavenDomain
import SQLKit

/// Issue 12.2, R3.2: what finds a child Haven may already hold, without reading every child:
/// each child's date of birth (`children.born`, indexed) and identifiers (`child_identifiers`);
/// and which files were merged into which (`child_merges`: one row per record merged, removed
/// when the merge is undone, both ids kept throughout). Dates of birth already recorded are
/// filled in.
struct M025_ChildMatching: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE children ADD COLUMN born TEXT").run()
        try await sql.create(index: "children_by_birth").on("children").column("born").run()
        try await database.schema("child_identifiers")
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("child_id", .string, .required)
            .compositeIdentifier(over: "kind", "value", "child_id")
            .create()
        try await database.schema("child_merges")
            .field("child_id", .string, .identifier(auto: false))
            .field("into_child_id", .string, .required)
            .field("merged_at", .int64, .required)
            .field("merged_by", .string, .required)
            .create()
        try await sql.create(index: "child_merges_into").on("child_merges").column("into_child_id").run()
        struct Row: Decodable {
            let id: String
            let details: String
        }
        for row in try await sql.select().columns("id", "details").from("children").all(decoding: Row.self) {
            let details = try ChildDetailsV1.decode(row.details)
            try await ChildKeys.store(details, of: row.id, on: sql, updating: true)
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("child_merges").delete()
        try await database.schema("child_identifiers").delete()
        try await sql.drop(index: "children_by_birth").run()
        try await sql.raw("ALTER TABLE children DROP COLUMN born").run()
    }
}

/// Writes what a child is matched by: the date of birth on the child's row, and one row per
/// identifier.
enum ChildKeys {
    static func store(_ details: ChildDetails, of id: String, on sql: any SQLDatabase, updating: Bool) async throws {
        if updating, let born = born(details) {
            try await sql.update("children").set("born", to: SQLBind(born)).where("id", .equal, SQLBind(id)).run()
        }
        for (kind, value) in details.identifiers.given {
            try await sql.insert(into: "child_identifiers").columns("kind", "value", "child_id").values(
                SQLBind(kind.rawValue), SQLBind(value), SQLBind(id)
            ).run()
        }
    }

    /// The date of birth as YYYY-MM-DD, when it is a date.
    static func born(_ details: ChildDetails) -> String? {
        details.dateOfBirth.flatMap(Day.init(iso:))?.iso
    }
}
