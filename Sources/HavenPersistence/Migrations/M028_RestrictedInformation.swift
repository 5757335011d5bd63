import FluentKit
import SQLKit

/// R7.1: what a child shared in confidence, kept apart from the concern's content so that nothing
/// that reads a concern (a delegate's page, the chronology, the API's content) can show it.
struct M028_RestrictedInformation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("restricted_information")
            .field("id", .string, .identifier(auto: false))
            .field("concern_id", .string, .required)
            .field("added_by", .string, .required)
            .field("added_at", .int64, .required)
            .field("text", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "restricted_information_by_concern").on("restricted_information")
            .column("concern_id").column("added_at").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "restricted_information_by_concern").run()
        try await database.schema("restricted_information").delete()
    }
}
