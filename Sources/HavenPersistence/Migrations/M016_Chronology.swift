import FluentKit
import Foundation
import HavenDomain
import SQLKit

/// R3.2, N1: a child's chronology read a page at a time, in order, from one index. One row per
/// line and child it concerns (a concern's lines appear in the file of every child linked to
/// it), filled in for the records already kept. Record ids are compared byte by byte on both
/// databases, so pages agree with the index.
struct M016_Chronology: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let text = sql.dialect.name == "sqlite" ? "TEXT" : "TEXT COLLATE \"C\""
        try await sql.raw(
            """
            CREATE TABLE chronology_lines (child_id \(unsafeRaw: text) NOT NULL, at BIGINT NOT NULL, rank INTEGER NOT NULL,
              record_id \(unsafeRaw: text) NOT NULL, kind TEXT NOT NULL, concern_id TEXT NOT NULL,
              PRIMARY KEY (child_id, at, rank, record_id))
            """
        ).run()
        // Lines from records whose time has a column of its own.
        let sources: [(table: String, at: String, kind: ChronologyKind, concern: String)] = [
            ("concerns", "recorded_at", .concernRecorded, "id"),
            ("addenda", "added_at", .addendum, "concern_id"),
            ("triage_decisions", "decided_at", .triageDecision, "concern_id"),
            ("case_delegations", "delegated_at", .delegated, "concern_id"),
        ]
        for source in sources {
            try await sql.raw(
                """
                INSERT INTO chronology_lines (child_id, at, rank, record_id, kind, concern_id)
                SELECT s.child_id, t.\(unsafeRaw: source.at), \(literal: source.kind.rank), t.id, \(literal: source.kind.rawValue), t.\(unsafeRaw: source.concern)
                FROM \(unsafeRaw: source.table) t JOIN (SELECT id AS concern_id, child_id FROM concerns
                  UNION SELECT concern_id, child_id FROM concern_subjects) s ON s.concern_id = t.\(unsafeRaw: source.concern)
                """
            ).run()
        }
        // Actions keep when they were set only inside their stored value.
        struct ActionRow: Decodable { let body: String }
        let concerns = SQLKitConcernStore(sql: sql, sealer: .unusable)
        let chronology = SQLKitChronologyStore(sql: sql)
        for row in try await sql.select().column("body").from("case_actions").all(decoding: ActionRow.self) {
            let action = try CaseActionBodyV1.decode(row.body)
            let children = try await concerns.subjects(of: action.concernID)
            try await chronology.add(
                ChronologyLine(
                    at: action.createdAt, kind: .actionSet, recordID: action.id.description, concernID: action.concernID
                ),
                children: children)
            if let done = action.completedAt {
                try await chronology.add(
                    ChronologyLine(
                        at: done, kind: .actionCompleted, recordID: action.id.description, concernID: action.concernID),
                    children: children)
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "chronology_lines").run()
    }
}
