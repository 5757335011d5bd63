import FluentKit
import SQLKit

/// R7.7: a child's access log is read a page at a time, newest first, by subject and sequence,
/// so the events about one record are an index range however long the audit trail grows. On
/// SQLite the sequence is the rowid, which ends every index already, so `audit_events_subject`
/// serves it; PostgreSQL needs the sequence in the index.
struct M018_AuditBySubject: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.create(index: "audit_events_by_subject").on("audit_events").column("subject_type").column(
            "subject_id"
        ).column("sequence").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.drop(index: "audit_events_by_subject").run()
    }
}
