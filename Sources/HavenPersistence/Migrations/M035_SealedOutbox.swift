import FluentKit

/// Issue 13.1: emails waiting to be sent are sealed too (they may hold a link that activates an
/// account or resets a password). The record of sealing now says which set of sealed columns it
/// covers, so that the bodies already waiting are sealed once, on the first pass after upgrading,
/// while a value in plain in any column sealed before is still refused.
struct M035_SealedOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("data_sealing").field("columns_version", .int).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("data_sealing").deleteField("columns_version").update()
    }
}
