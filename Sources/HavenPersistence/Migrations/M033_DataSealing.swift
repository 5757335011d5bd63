import FluentKit

/// Issue 13.1, R7.4: which data key the database's case content is sealed under, whether every
/// row is, and since when everything has been (after which a value in plain is refused, never
/// sealed: it was written by someone without the key). `mac` is an HMAC of the row under that
/// key, so the row cannot be changed without it (`DataSealing`).
struct M033_DataSealing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("data_sealing")
            .field("id", .int, .identifier(auto: false))
            .field("key_id", .string, .required)
            .field("complete", .bool, .required)
            .field("sealed_since", .int64)
            .field("changed_at", .int64, .required)
            .field("mac", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("data_sealing").delete()
    }
}
