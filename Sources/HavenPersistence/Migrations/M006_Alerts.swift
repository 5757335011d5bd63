import FluentKit
import SQLKit

/// R2.5: in-app alerts and the durable email outbox.
struct M006_Alerts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("alerts")
            .field("id", .string, .identifier(auto: false))
            .field("recipient", .string, .required)
            .field("concern_id", .string, .required)
            .field("reference", .string, .required)
            .field("priority", .int, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("outbox")
            .field("id", .string, .identifier(auto: false))
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .int64, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .int64, .required)
            .field("sent_at", .int64)
            .field("last_error", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "alerts_recipient").on("alerts").column("recipient").run()
        try await sql.create(index: "outbox_due").on("outbox").column("sent_at").column("next_attempt_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox").delete()
        try await database.schema("alerts").delete()
    }
}
