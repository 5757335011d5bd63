import FluentKit

/// Issue 13.6: several servers on one PostgreSQL database. An email being sent is claimed
/// (`claimed_until`) so that no other server sends it too; a claim left by a server that died
/// runs out and the email is sent by another. Background work that must run once however many
/// servers there are takes its turn in `background_turns`.
struct M034_SeveralServers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox").field("claimed_until", .int64).update()
        try await database.schema("background_turns")
            .field("job", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("until_millis", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("background_turns").delete()
        try await database.schema("outbox").deleteField("claimed_until").update()
    }
}
