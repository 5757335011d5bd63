import FluentKit
import SQLKit

/// R3.1–R3.3: triage decisions, actions and household links.
struct M005_Cases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("triage_decisions")
            .field("id", .string, .identifier(auto: false))
            .field("concern_id", .string, .required)
            .field("decided_at", .int64, .required)
            .field("body", .string, .required)
            .create()
        try await database.schema("case_actions")
            .field("id", .string, .identifier(auto: false))
            .field("concern_id", .string, .required)
            .field("completed_at", .int64)
            .field("body", .string, .required)
            .create()
        try await database.schema("household_links")
            .field("child_a", .string, .required)
            .field("child_b", .string, .required)
            .compositeIdentifier(over: "child_a", "child_b")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "triage_decisions_concern").on("triage_decisions").column("concern_id").run()
        try await sql.create(index: "case_actions_concern").on("case_actions").column("concern_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["household_links", "case_actions", "triage_decisions"] {
            try await database.schema(table).delete()
        }
    }
}
