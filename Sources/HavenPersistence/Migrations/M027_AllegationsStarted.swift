import FluentKit
import SQLKit

/// Issue 12.7, R2.6, R4: an allegation record started from a concern, one per concern: a
/// placeholder the allegations module will fill, listed on the DSL's dashboard (by when it was
/// started) until then.
struct M027_AllegationsStarted: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("allegations_started")
            .field("concern_id", .string, .identifier(auto: false))
            .field("started_at", .int64, .required)
            .field("started_by", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "allegations_started_order").on("allegations_started").column("started_at")
            .column("concern_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "allegations_started_order").run()
        try await database.schema("allegations_started").delete()
    }
}
