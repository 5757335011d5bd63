import FluentKit
import Foundation
import SQLKit

/// N1: the one write path. Units of work queue here and run one batch at a time: every unit
/// queued while the previous commit was syncing runs in the next transaction, each inside its
/// own savepoint, so a failing unit rolls back alone. Callers are answered only after the
/// commit returns, so a 2xx always means the data is durable.
///
/// On SQLite this serialisation is required: Fluent begins deferred transactions on several
/// connections, and two that read then write under WAL fail with SQLITE_BUSY_SNAPSHOT.
actor GroupCommitWriter {
    struct Unit {
        let run: @Sendable (any Database) async throws -> Void
        let commit: @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private let database: any Database
    private let afterCommit: @Sendable (any Database) async throws -> Void
    private let beforeBatch: @Sendable (any Database) async throws -> Void
    private var queue: [Unit] = []
    private var draining = false
    private(set) var batches = 0
    private(set) var units = 0
    private let maxBatch: Int

    /// `beforeBatch` runs first in each transaction (e.g. locking the audit head on PostgreSQL);
    /// `afterCommit` runs once each batch is durable (e.g. writing the audit anchor).
    init(database: any Database, maxBatch: Int = 256,
         beforeBatch: @escaping @Sendable (any Database) async throws -> Void = { _ in },
         afterCommit: @escaping @Sendable (any Database) async throws -> Void = { _ in }) {
        self.database = database
        self.maxBatch = maxBatch
        self.beforeBatch = beforeBatch
        self.afterCommit = afterCommit
    }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        let box = ResultBox<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            queue.append(Unit(
                run: { db in box.set(try await body(db)) },
                commit: { continuation.resume(returning: box.get()!) },
                fail: { continuation.resume(throwing: $0) }))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            await commit(batch)
        }
        draining = false
    }

    private func commit(_ batch: [Unit]) async {
        let outcomes = OutcomeList(count: batch.count)
        do {
            try await database.transaction { tx in
                let sql = tx as! any SQLDatabase
                try await self.beforeBatch(tx)
                for (index, unit) in batch.enumerated() {
                    try await sql.raw("SAVEPOINT unit").run()
                    do {
                        try await unit.run(tx)
                        try await sql.raw("RELEASE SAVEPOINT unit").run()
                    } catch {
                        try await sql.raw("ROLLBACK TO SAVEPOINT unit").run()
                        try await sql.raw("RELEASE SAVEPOINT unit").run()
                        outcomes.fail(index, error)
                    }
                }
            }
        } catch {
            for (index, unit) in batch.enumerated() { unit.fail(outcomes.error(index) ?? error) }
            return
        }
        batches += 1
        units += batch.count
        try? await afterCommit(database)
        for (index, unit) in batch.enumerated() {
            if let error = outcomes.error(index) { unit.fail(error) } else { unit.commit() }
        }
    }
}

/// Holds a unit's result between its run and its commit.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ value: T) { lock.withLock { self.value = value } }
    func get() -> T? { lock.withLock { value } }
}

/// Which units of a batch failed, and why.
final class OutcomeList: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(any Error)?]
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func fail(_ index: Int, _ error: any Error) { lock.withLock { errors[index] = error } }
    func error(_ index: Int) -> (any Error)? { lock.withLock { errors[index] } }
}
