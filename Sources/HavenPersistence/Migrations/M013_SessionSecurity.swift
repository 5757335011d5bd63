import FluentKit
import SQLKit

/// R1.6: a second-factor enrolment Haven made and showed to one session, until it is confirmed;
/// when each session was last used (the idle timeout); and forms kept when a session ended
/// before they were sent (sealed, for their author only).
struct M013_SessionSecurity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pending_second_factors")
            .field("token_hash", .string, .identifier(auto: false))
            .field("secret", .string, .required)
            .field("recovery_codes", .string, .required)
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("sessions").field("last_seen_at", .int64).update()
        try await database.schema("kept_forms")
            .field("id", .string, .identifier(auto: false))
            .field("person_id", .string, .required)
            .field("path", .string, .required)
            .field("sealed", .string, .required)
            .field("created_at", .int64, .required)
            .field("expires_at", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "kept_forms_person").on("kept_forms").column("person_id")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("kept_forms").delete()
        try await database.schema("sessions").deleteField("last_seen_at").update()
        try await database.schema("pending_second_factors").delete()
    }
}
