import FluentKit
import Foundation
import HavenDomain
import Logging
import SQLKit

/// N1: the one write path. Units of work queue here and run one batch at a time: every unit
/// queued while the previous commit was syncing runs in the next transaction
/// (`BatchTransaction`), and their inserts reach the database together (`BatchedInserts`); a
/// failing unit rolls back alone. Callers are answered only after the commit returns and the
/// audit anchor has the new head (`AnchorWriter`), so a 2xx always means the data is durable.
///
/// On SQLite this serialisation is required: Fluent begins deferred transactions on several
/// connections, and two that read then write under WAL fail with SQLITE_BUSY_SNAPSHOT. Here a
/// batch begins IMMEDIATE (SQLite) or locks the audit head row (PostgreSQL), so a second
/// process writing the same database queues instead of failing. On SQLite each batch runs on the
/// writer's own thread (`WriterThread`) and connection (`WriterConnection`).
final class GroupCommitWriter: @unchecked Sendable {
    struct Unit {
        let run: @Sendable (any SQLDatabase, AuditCursor) async throws -> Void
        let commit: @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private let connection: WriterConnection
    private let anchorWriter: AnchorWriter
    private let logger: Logger
    private let afterCommit: @Sendable () -> Void
    private let maxBatch: Int
    private let thread: WriterThread?
    private let lock = NSLock()
    private var queue: [Unit] = []
    private var draining = false
    private var closed = false
    private let metrics = WriterMetrics()
    private var committedBatches = 0
    private var committedUnits = 0

    init(
        database: any Database, anchor: AuditAnchor, anchorHealth: AuditAnchorHealth = AuditAnchorHealth(),
        maxBatch: Int = 256, chainHolds: (@Sendable (AuditHead) async throws -> AnchorLineCheck)? = nil,
        afterCommit: @escaping @Sendable () -> Void = {}
    ) {
        connection = WriterConnection(database: database)
        anchorWriter = AnchorWriter(
            anchor: anchor, health: anchorHealth, logger: database.logger, chainHolds: chainHolds)
        logger = database.logger
        self.afterCommit = afterCommit
        self.maxBatch = maxBatch
        thread = connection.isSQLite ? WriterThread(name: "haven-writer") : nil
    }

    /// How many batches and units have committed.
    var statistics: (batches: Int, units: Int) { lock.withLock { (committedBatches, committedUnits) } }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, AuditCursor) async throws -> T) async throws
        -> T
    {
        // A unit waiting on the writer would wait for its own batch: refuse it now instead.
        if InsideWriter.unit { throw PersistenceError.reentrantWrite }
        let box = ResultBox<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let unit = Unit(
                run: { db, cursor in box.set(try await body(db, cursor)) },
                commit: { continuation.resume(returning: box.get()!) },
                fail: { continuation.resume(throwing: $0) })
            let next: SubmitOutcome = lock.withLock {
                if closed { return .refuse }
                queue.append(unit)
                if draining { return .queued }
                draining = true
                return .startDraining
            }
            switch next {
            case .refuse: unit.fail(PersistenceError.writerClosed)
            case .queued: break
            case .startDraining:
                Task(executorPreference: thread ?? globalConcurrentExecutor) { await self.drain() }
            }
        }
    }

    private enum SubmitOutcome { case refuse, queued, startDraining }

    /// Stops taking units; closes the writer's own connection and ends its thread once the
    /// current batch is done.
    func close() {
        let idle: Bool = lock.withLock {
            closed = true
            return !draining
        }
        if idle { release() }
    }

    private func release() {
        connection.close()
        thread?.stop()
    }

    private func drain() async {
        while true {
            let batch: [Unit] = lock.withLock {
                let batch = Array(queue.prefix(maxBatch))
                queue.removeFirst(batch.count)
                if batch.isEmpty { draining = false }
                return batch
            }
            if batch.isEmpty { break }
            await commit(batch)
        }
        if lock.withLock({ closed && !draining }) { release() }
    }

    private func commit(_ batch: [Unit]) async {
        let outcomes = OutcomeList(count: batch.count)
        let started = DispatchTime.now()
        let head: AuditCursor.Position?
        do {
            let checkpointer = connection.checkpointer
            head = try await connection.with { sql in
                try await checkpointer?.beforeBatch(on: sql)
                return try await BatchTransaction.run(batch, on: sql, outcomes: outcomes)
            }
        } catch {
            afterCommit()
            metrics.failedBatches.increment()
            logger.trace("batch rolled back", metadata: ["units": .stringConvertible(batch.count)])
            for (index, unit) in batch.enumerated() { unit.fail(outcomes.error(index) ?? error) }
            return
        }
        afterCommit()
        metrics.committed(units: batch.count, since: started)
        // For an operator at trace: how the writer is grouping (counts and times only).
        logger.trace(
            "batch committed",
            metadata: [
                "units": .stringConvertible(batch.count), "failed": .stringConvertible(outcomes.failures),
                "milliseconds": .stringConvertible(
                    (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000),
            ])
        connection.checkpointer?.committed()
        lock.withLock {
            committedBatches += 1
            committedUnits += batch.count
        }
        let answer = { @Sendable in
            for (index, unit) in batch.enumerated() {
                if let error = outcomes.error(index) { unit.fail(error) } else { unit.commit() }
            }
        }
        guard let head else { return answer() }
        // Outside the database, after the commit: the anchor can lag the chain, never lead it.
        // Its line is appended and synced beside the writer, which goes on to the next batch;
        // the batch's callers are answered once it is on disk (see `AnchorWriter`).
        anchorWriter.record(AuditHead(sequence: head.sequence, mac: head.mac), then: answer)
    }
}
