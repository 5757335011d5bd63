import FluentKit
import SQLKit

/// Issue 12.8: when each session last opened each child's file (with a reason, audited), so that
/// the visit that follows is not asked again. Kept no longer than its session.
struct M022_FileVisits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("file_visits")
            .field("token_hash", .string, .required)
            .field("child_id", .string, .required)
            .field("opened_at", .int64, .required)
            .compositeIdentifier(over: "token_hash", "child_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("file_visits").delete()
    }
}
