import FluentKit
import SQLKit

/// R1.2: changes waiting for a DSL's approval, notes in the app, one-time account links, and
/// leavers' accounts.
struct M012_Approvals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("approvals")
            .field("id", .string, .identifier(auto: false))
            .field("change", .string, .required)
            .field("requested_by", .string, .required)
            .field("requested_at", .int64, .required)
            .field("status", .string, .required)
            .field("decided_by", .string)
            .field("decided_at", .int64)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "approvals_status").on("approvals").column("status").column("requested_at").run()
        try await database.schema("notices")
            .field("id", .string, .identifier(auto: false))
            .field("recipient", .string, .required)
            .field("message", .string, .required)
            .field("link", .string)
            .field("created_at", .int64, .required)
            .create()
        try await sql.create(index: "notices_recipient").on("notices").column("recipient").column("created_at").run()
        try await database.schema("account_tokens")
            .field("token_hash", .string, .identifier(auto: false))
            .field("person_id", .string, .required)
            .field("purpose", .string, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .field("used_at", .int64)
            .create()
        try await sql.create(index: "account_tokens_person").on("account_tokens").column("person_id").run()
        try await database.schema("people").field("deactivated_at", .int64).update()
        try await sql.create(index: "sessions_person").on("sessions").column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "sessions_person").run()
        try await database.schema("people").deleteField("deactivated_at").update()
        try await database.schema("account_tokens").delete()
        try await database.schema("notices").delete()
        try await database.schema("approvals").delete()
    }
}
