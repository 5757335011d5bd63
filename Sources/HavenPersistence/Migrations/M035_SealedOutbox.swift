import FluentKit

/// Issue 13.1: emails waiting to be sent are sealed too (they may hold a link that activates an
/// account or resets a password). The record of sealing now says which set of sealed columns it
/// covers, so that the first start after upgrading passes over the outbox once: an email waiting
/// in plain from before is withdrawn, never sealed, since it cannot be told from one written
/// into the database without the key.
struct M035_SealedOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("data_sealing").field("columns_version", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("data_sealing").deleteField("columns_version").update()
    }
}
