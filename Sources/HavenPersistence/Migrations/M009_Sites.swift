import FluentKit

/// R1.1: the organisation's sites, each with its designated lead.
struct M009_Sites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sites")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("designated_lead", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sites").delete()
    }
}
