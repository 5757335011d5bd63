import FluentKit
import SQLKit

/// R1.2, R1.6: people, their roles, sign-in secrets and recovery codes.
struct M001_People: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .field("id", .string, .identifier(auto: false))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("roles", .string, .required)
            .field("line_manager_id", .string)
            .field("unavailable", .bool, .required)
            .field("seniority", .int, .required)
            .field("password_hash", .string, .required)
            .field("totp_secret", .string)
            .field("totp_last_step", .int64)
            .field("created_at", .int64, .required)
            .unique(on: "email")
            .create()
        try await database.schema("recovery_codes")
            .field("person_id", .string, .required)
            .field("code_hash", .string, .required)
            .compositeIdentifier(over: "person_id", "code_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("recovery_codes").delete()
        try await database.schema("people").delete()
    }
}
