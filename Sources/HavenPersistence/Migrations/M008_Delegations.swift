import FluentKit
import SQLKit

/// R1.3: every delegation of a concern, newest last; the newest is the current one.
struct M008_Delegations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_delegations")
            .field("id", .string, .identifier(auto: false))
            .field("concern_id", .string, .required)
            .field("delegate_id", .string, .required)
            .field("delegated_at", .int64, .required)
            .field("body", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "case_delegations_concern").on("case_delegations").column("concern_id").run()
        try await sql.create(index: "case_delegations_delegate").on("case_delegations").column("delegate_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_delegations").delete()
    }
}
