import FluentKit
import HavenDomain
import SQLKit

/// R7.1: a line in the chronology for each piece of restricted information already kept (that
/// it was written down, and by whom; never what), in the file of every child its concern is about.
struct M031_RestrictedChronology: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let kind = ChronologyKind.restrictedAdded
        try await sql.raw(
            """
            INSERT INTO chronology_lines (child_id, at, rank, record_id, kind, concern_id)
            SELECT s.child_id, r.added_at, \(literal: kind.rank), r.id, \(literal: kind.rawValue), r.concern_id
            FROM restricted_information r JOIN (SELECT id AS concern_id, child_id FROM concerns
              UNION SELECT concern_id, child_id FROM concern_subjects) s ON s.concern_id = r.concern_id
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).delete(from: "chronology_lines")
            .where("kind", .equal, SQLBind(ChronologyKind.restrictedAdded.rawValue)).run()
    }
}
