import FluentKit

/// Issue 12.7: when a site closed; a site without one is still run.
struct M029_SitesClosed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sites").field("closed_at", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sites").deleteField("closed_at").update()
    }
}
