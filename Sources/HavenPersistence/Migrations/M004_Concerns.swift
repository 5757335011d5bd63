import FluentKit
import SQLKit

/// R2: children, concerns (insert-only), the children each concern is about, and addenda.
struct M004_Concerns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("children")
            .field("id", .string, .identifier(auto: false))
            .field("details", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("concerns")
            .field("id", .string, .identifier(auto: false))
            .field("reference", .string, .required)
            .field("child_id", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .int64, .required)
            .field("priority", .int, .required)
            .field("content", .string, .required)
            .field("route", .string, .required)
            .create()
        try await database.schema("concern_subjects")
            .field("concern_id", .string, .required)
            .field("child_id", .string, .required)
            .field("is_primary", .bool, .required)
            .compositeIdentifier(over: "concern_id", "child_id")
            .create()
        try await database.schema("addenda")
            .field("id", .string, .identifier(auto: false))
            .field("concern_id", .string, .required)
            .field("author", .string, .required)
            .field("added_at", .int64, .required)
            .field("reason", .string, .required)
            .field("text", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "concerns_recorded_by").on("concerns").column("recorded_by").run()
        try await sql.create(index: "concern_subjects_child").on("concern_subjects").column("child_id").run()
        try await sql.create(index: "addenda_concern").on("addenda").column("concern_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["addenda", "concern_subjects", "concerns", "children"] {
            try await database.schema(table).delete()
        }
    }
}
