import FluentKit
import SQLKit

/// Issue 12.3: the people kept away from a child's file because a concern about the child names
/// them (or may name them) as having caused harm. One row per concern that does, so the index on
/// (child, person) answers "is this person kept away?" without reading any concern.
struct M023_ChildExclusions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("child_exclusions")
            .field("child_id", .string, .required)
            .field("person_id", .string, .required)
            .field("concern_id", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "child_exclusions_by_child").on("child_exclusions").column("child_id")
            .column("person_id").run()
        try await sql.create(index: "child_exclusions_by_person").on("child_exclusions").column("person_id")
            .column("concern_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("child_exclusions").delete()
    }
}
