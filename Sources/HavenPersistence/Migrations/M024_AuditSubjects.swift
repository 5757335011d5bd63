import FluentKit
import SQLKit

/// Issue 12.8: the further records an audit event is about (the children a page listed), each
/// found by subject and sequence as an event's own subject is.
struct M024_AuditSubjects: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_subjects")
            .field("sequence", .int64, .required)
            .field("subject_type", .string, .required)
            .field("subject_id", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_subjects_by_subject").on("audit_subjects").column("subject_type")
            .column("subject_id").column("sequence").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_subjects").delete()
    }
}
