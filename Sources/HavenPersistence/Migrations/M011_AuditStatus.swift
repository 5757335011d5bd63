import FluentKit
import SQLKit

/// R7.1, R7.8: each check of the whole audit chain, for the audit page to show afterwards, and
/// each checkpoint signed for the auditors.
struct M011_AuditStatus: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_verifications")
            .field("id", .string, .identifier(auto: false))
            .field("at_millis", .int64, .required)
            .field("by_person", .string)
            .field("events_checked", .int64, .required)
            .field("head_sequence", .int64)
            .field("anchor_lines", .int64, .required)
            .field("fault", .string)
            .create()
        try await (database as! any SQLDatabase).create(index: "audit_verifications_at").on("audit_verifications")
            .column("at_millis").run()
        try await database.schema("audit_checkpoints")
            .field("sequence", .int64, .identifier(auto: false))
            .field("mac", .string, .required)
            .field("events", .int64, .required)
            .field("at_millis", .int64, .required)
            .field("document", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_checkpoints").delete()
        try await database.schema("audit_verifications").delete()
    }
}
