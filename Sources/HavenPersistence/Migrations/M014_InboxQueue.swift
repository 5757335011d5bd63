import FluentKit
import SQLKit

/// R3.1, N1: the DSL's inbox as a queue of its own: one small row per concern not yet triaged,
/// added with the concern and removed by its first decision, indexed in the inbox's order
/// (priority, then age), so that a page of the inbox reads only that page however many wait.
/// Also the indexes that keep session housekeeping and open actions from scanning their tables.
struct M014_InboxQueue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("untriaged_concerns")
            .field("concern_id", .string, .identifier(auto: false))
            .field("priority", .int, .required)
            .field("recorded_at", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "untriaged_concerns_order").on("untriaged_concerns")
            .column("priority").column("recorded_at").column("concern_id").run()
        try await sql.raw(
            """
            INSERT INTO untriaged_concerns (concern_id, priority, recorded_at)
            SELECT id, priority, recorded_at FROM concerns c
            WHERE NOT EXISTS (SELECT 1 FROM triage_decisions t WHERE t.concern_id = c.id)
            """
        ).run()
        try await sql.create(index: "case_actions_open").on("case_actions").column("completed_at").run()
        try await sql.create(index: "sessions_expires").on("sessions").column("expires_at").run()
        try await sql.create(index: "sessions_last_seen").on("sessions").column("last_seen_at").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["sessions_last_seen", "sessions_expires", "case_actions_open"] {
            try await sql.drop(index: index).run()
        }
        try await database.schema("untriaged_concerns").delete()
    }
}
