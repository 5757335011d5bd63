import FluentKit
import SQLKit

/// R1.6: sessions (only the token's hash is kept) and failed sign-ins for throttling.
struct M002_Sessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("token_hash", .string, .identifier(auto: false))
            .field("person_id", .string, .required)
            .field("csrf_token", .string, .required)
            .field("second_factor_passed", .bool, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .create()
        try await database.schema("sign_in_failures")
            .field("failure_key", .string, .required)
            .field("at", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "sign_in_failures_key").on("sign_in_failures").column("failure_key").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_failures").delete()
        try await database.schema("sessions").delete()
    }
}
