import FluentKit
import Foundation
import SQLKit

/// N1: keeps SQLite's write-ahead log short without making a commit wait for it.
///
/// By default the connection that commits also copies the log back into the database file once
/// the log passes 1,000 pages, so every so often one batch — and everyone waiting on it — pays
/// for the copy. Here the writer's connection never does that (`wal_autocheckpoint=0`); after a
/// commit, at most every quarter second, a PASSIVE checkpoint runs on another pooled connection
/// beside the writer. A passive checkpoint cannot rewind the log while commits keep coming, so
/// when the log has grown past `restartPages` the writer runs a RESTART checkpoint itself before
/// its next batch: by then little is left to copy, and the next commit starts the log afresh.
/// Committed data is durable in the log either way; checkpoints only move it.
final class WALCheckpointer: @unchecked Sendable {
    private let database: any Database
    private let interval: Duration
    private let restartPages: Int
    private let lock = NSLock()
    private var running = false
    private var last: ContinuousClock.Instant?
    private var restartDue = false
    private var background: Task<Void, Never>?

    init(database: any Database, interval: Duration = .milliseconds(250), restartPages: Int = 4_096) {
        self.database = database
        self.interval = interval
        self.restartPages = restartPages
    }

    /// Once, on the writer's connection when it opens: it never checkpoints by itself.
    func prepare(_ sql: any SQLDatabase) async throws {
        try await sql.raw("PRAGMA wal_autocheckpoint=0").run()
    }

    /// Before a batch begins on the writer's connection. A RESTART waits for a background
    /// checkpoint to finish rather than contend with it.
    func beforeBatch(on sql: any SQLDatabase) async throws {
        let restart = lock.withLock { () -> Bool in
            guard restartDue, !running else { return false }
            restartDue = false
            running = true
            return true
        }
        guard restart else { return }
        // A checkpoint that fails leaves the log longer, nothing worse: the batch goes ahead.
        try? await checkpoint("RESTART", on: sql)
        lock.withLock { running = false }
    }

    /// Called after each commit: starts a background checkpoint if one is due.
    func committed() {
        let now = ContinuousClock.now
        let start = lock.withLock { () -> Bool in
            if running { return false }
            if let last, now - last < interval { return false }
            running = true
            last = now
            return true
        }
        guard start else { return }
        let database = self.database
        let task = Task {
            try? await self.checkpoint("PASSIVE", on: database as! any SQLDatabase)
            self.lock.withLock { self.running = false }
        }
        lock.withLock { background = task }
    }

    /// Waits for the background checkpoint started last, if any (tests use it to take timing
    /// out of what they measure).
    func settled() async {
        let task = lock.withLock { background }
        await task?.value
    }

    private func checkpoint(_ mode: String, on sql: any SQLDatabase) async throws {
        struct Result: Decodable {
            let busy: Int
            let log: Int
            let checkpointed: Int
        }
        guard
            let result = try await sql.raw(SQLQueryString("PRAGMA wal_checkpoint(\(unsafeRaw: mode))")).first(
                decoding: Result.self)
        else { return }
        if result.log > restartPages { lock.withLock { restartDue = true } }
    }
}
