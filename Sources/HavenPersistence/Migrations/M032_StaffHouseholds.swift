import FluentKit

/// Issue 12.3: the household a person lives in (a key shared by those recorded as living
/// together); none for everyone already here.
struct M032_StaffHouseholds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people").field("household", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").deleteField("household").update()
    }
}
