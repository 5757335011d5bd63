import Foundation
import SQLKit

/// One batch of units in one transaction. The fast path runs the units back to back, their
/// inserts held and sent together. If a unit fails, the transaction is rolled back and the batch
/// runs once more with each unit in its own savepoint and its inserts sent before the savepoint
/// is released, so the failure rolls back alone and is answered to the unit that caused it
/// (units only compute from the database and ids chosen before they were queued, so running one
/// again is safe). Only `AuditHeadMoved` — another process appended to the chain — makes a try
/// run again as it was.
enum BatchTransaction {
    /// Runs the batch; returns the new audit head if events were appended.
    static func run(
        _ batch: [GroupCommitWriter.Unit], on connection: any SQLDatabase,
        outcomes: OutcomeList
    ) async throws -> AuditCursor.Position? {
        for savepoints in [false, true] {
            let outcome = try await retryingMovedHead {
                try await attempt(batch, on: connection, outcomes: outcomes, savepoints: savepoints)
            }
            switch outcome {
            case .committed(let head): return head
            case .rolledBack:
                if batch.count == 1 { return nil }  // its failure is already its own
            }
        }
        preconditionFailure("with savepoints every unit's failure is contained")
    }

    enum Attempt {
        /// Committed; the new audit head if events were appended.
        case committed(AuditCursor.Position?)
        /// A unit failed on the fast path and the transaction was rolled back.
        case rolledBack
    }

    private static func retryingMovedHead(_ body: () async throws -> Attempt) async throws -> Attempt {
        for _ in 0..<3 {
            do { return try await body() } catch is AuditHeadMoved { continue }
        }
        return try await body()
    }

    /// One try at the batch. The audit head is read when it begins, under the lock that keeps
    /// other writers out (BEGIN IMMEDIATE on SQLite, the head row FOR UPDATE on PostgreSQL), and
    /// written back only if it is still where it was read.
    private static func attempt(
        _ batch: [GroupCommitWriter.Unit], on sql: any SQLDatabase, outcomes: OutcomeList,
        savepoints: Bool
    ) async throws -> Attempt {
        let isSQLite = sql.dialect.name == "sqlite"
        let batched = BatchedInserts(sql)
        outcomes.reset()
        try await sql.raw(isSQLite ? "BEGIN IMMEDIATE" : "BEGIN").run()
        do {
            let cursor = AuditCursor(try await AuditAppender.head(on: sql, forUpdate: !isSQLite))
            let start = cursor.position
            if savepoints {
                for (index, unit) in batch.enumerated() {
                    let before = cursor.position
                    try await sql.raw("SAVEPOINT unit").run()
                    do {
                        try await InsideWriter.$unit.withValue(true) { try await unit.run(batched, cursor) }
                        try await batched.flush()
                        try await sql.raw("RELEASE SAVEPOINT unit").run()
                    } catch {
                        batched.discard()
                        try await sql.raw("ROLLBACK TO SAVEPOINT unit").run()
                        try await sql.raw("RELEASE SAVEPOINT unit").run()
                        cursor.position = before
                        outcomes.fail(index, error)
                    }
                }
            } else {
                do {
                    try await InsideWriter.$unit.withValue(true) {
                        for unit in batch { try await unit.run(batched, cursor) }
                    }
                    try await batched.flush()
                } catch {
                    batched.discard()
                    try await sql.raw("ROLLBACK").run()
                    if batch.count == 1 { outcomes.fail(0, error) }
                    return .rolledBack
                }
            }
            let end = cursor.position
            if end.sequence != start.sequence {
                let unmoved = try await sql.update("audit_head").set("sequence", to: SQLBind(end.sequence)).set(
                    "mac", to: SQLBind(end.mac)
                )
                .where("id", .equal, SQLBind(1)).where("sequence", .equal, SQLBind(start.sequence))
                .returning("sequence").all()
                if unmoved.isEmpty { throw AuditHeadMoved(expected: start.sequence) }
            }
            try await sql.raw("COMMIT").run()
            return .committed(end.sequence != start.sequence ? end : nil)
        } catch {
            batched.discard()
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }
}
