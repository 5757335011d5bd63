import FluentKit
import SQLKit

/// R3.1: copies of referral forms made outside Haven, each with the concern it was about. The
/// bytes are kept in their own column, read only when the copy is opened.
struct M030_ReferralCopies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("referral_copies")
            .field("id", .string, .identifier(auto: false))
            .field("concern_id", .string, .required)
            .field("added_by", .string, .required)
            .field("added_at", .int64, .required)
            .field("media_type", .string, .required)
            .field("filename", .string, .required)
            .field("byte_count", .int64, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "referral_copies_by_concern").on("referral_copies").column("concern_id")
            .column("added_at").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "referral_copies_by_concern").run()
        try await database.schema("referral_copies").delete()
    }
}
