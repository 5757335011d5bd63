import FluentKit

/// Issue 13.1, R7.4: which data key the database's case content is sealed under, and whether
/// every row is (`DataSealing`). The key's id is written before the first value is sealed, so a
/// lost key file is noticed rather than replaced.
struct M033_DataSealing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("data_sealing")
            .field("id", .int, .identifier(auto: false))
            .field("key_id", .string, .required)
            .field("complete", .bool, .required)
            .field("changed_at", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("data_sealing").delete()
    }
}
