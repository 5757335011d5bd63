import FluentKit
import SQLKit

/// Issue 12.4: each concern sent with a submission key, once per person and key. The primary
/// key makes a second concern with the same key fail in the writer, whichever process or
/// connection sends it, so a repeat can never be stored twice.
struct M021_ConcernSubmissions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("concern_submissions")
            .field("recorded_by", .string, .required)
            .field("submission_key", .string, .required)
            .field("concern_id", .string, .required)
            .field("fingerprint", .string, .required)
            .compositeIdentifier(over: "recorded_by", "submission_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("concern_submissions").delete()
    }
}
