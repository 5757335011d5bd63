import FluentKit
import SQLKit

/// R1.1, R1.3, R1.4, R1.7: the organisation's profile and settings, and the local contacts directory.
struct M003_Organisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisation")
            .field("id", .int, .identifier(auto: false))
            .field("profile", .string)
            .field("settings", .string)
            .field("routing_chain", .string)
            .field("shared_inbox", .string)
            .create()
        try await database.schema("local_contacts")
            .field("area", .string, .required)
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("phone", .string, .required)
            .field("email", .string)
            .compositeIdentifier(over: "area", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("local_contacts").delete()
        try await database.schema("organisation").delete()
    }
}
