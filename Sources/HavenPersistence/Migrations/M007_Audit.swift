import FluentKit
import HavenDomain
import SQLKit

/// R7.1: the audit chain and its head row, which hands out gapless sequence numbers.
struct M007_Audit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .field("sequence", .int64, .identifier(auto: false))
            .field("at_millis", .int64, .required)
            .field("actor", .string)
            .field("action", .string, .required)
            .field("subject_type", .string)
            .field("subject_id", .string)
            .field("reason", .string)
            .field("previous_mac", .string, .required)
            .field("mac", .string, .required)
            .create()
        try await database.schema("audit_head")
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("mac", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_events_subject").on("audit_events").column("subject_type").column(
            "subject_id"
        ).run()
        try await sql.insert(into: "audit_head").columns("id", "sequence", "mac").values(
            SQLBind(1), SQLBind(Int64(0)), SQLBind(AuditChain.genesisMAC)
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_head").delete()
        try await database.schema("audit_events").delete()
    }
}
