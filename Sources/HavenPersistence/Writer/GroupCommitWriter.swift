import FluentKit
import Foundation
import HavenDomain
import SQLKit

/// N1: the one write path. Units of work queue here and run one batch at a time: every unit
/// queued while the previous commit was syncing runs in the next transaction, and their
/// inserts reach the database together (`BatchedInserts`); a failing unit rolls back alone.
/// Callers are answered only after the commit returns, so a 2xx always means the data is durable.
///
/// On SQLite this serialisation is required: Fluent begins deferred transactions on several
/// connections, and two that read then write under WAL fail with SQLITE_BUSY_SNAPSHOT. Here a
/// batch begins IMMEDIATE (SQLite) or locks the audit head row (PostgreSQL), so a second
/// process writing the same database queues instead of failing.
///
/// On SQLite each batch runs on the writer's own thread (`WriterThread`) and connection
/// (`SQLiteWriterConnection`) from BEGIN to COMMIT without waiting on the event loops; on
/// PostgreSQL it runs on a pooled connection, whose driver answers on its event loop anyway.
final class GroupCommitWriter: @unchecked Sendable {
    struct Unit {
        let run: @Sendable (any SQLDatabase, AuditCursor) async throws -> Void
        let commit: @Sendable () -> Void
        let fail: @Sendable (any Error) -> Void
    }

    private let database: any Database
    private let anchorWriter: AnchorWriter
    private let afterCommit: @Sendable () -> Void
    private let checkpointer: WALCheckpointer?
    private let headMemory = HeadMemory()
    private let maxBatch: Int
    /// SQLite: batches run on the writer's own thread and connection (see `SQLiteWriterConnection`).
    private let isSQLite: Bool
    private let thread: WriterThread?
    private let lock = NSLock()
    private var queue: [Unit] = []
    private var draining = false
    private var closed = false
    private var sqliteConnection: SQLiteWriterConnection?
    private var committedBatches = 0
    private var committedUnits = 0

    init(database: any Database, anchor: AuditAnchor, anchorHealth: AuditAnchorHealth = AuditAnchorHealth(), maxBatch: Int = 256,
         afterCommit: @escaping @Sendable () -> Void = {}) {
        self.database = database
        anchorWriter = AnchorWriter(anchor: anchor, health: anchorHealth, logger: database.logger)
        self.afterCommit = afterCommit
        self.maxBatch = maxBatch
        isSQLite = (database as? any SQLDatabase)?.dialect.name == "sqlite"
        checkpointer = isSQLite ? WALCheckpointer(database: database) : nil
        thread = isSQLite ? WriterThread(name: "haven-writer") : nil
    }

    /// How many batches and units have committed.
    var statistics: (batches: Int, units: Int) { lock.withLock { (committedBatches, committedUnits) } }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase, AuditCursor) async throws -> T) async throws -> T {
        let box = ResultBox<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let unit = Unit(run: { db, cursor in box.set(try await body(db, cursor)) },
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
        let connection: SQLiteWriterConnection? = lock.withLock {
            defer { sqliteConnection = nil }
            return sqliteConnection
        }
        connection?.close()
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

    /// Runs `body` on the connection batches commit on: the writer's own on SQLite, a pooled one otherwise.
    private func withWriterConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard isSQLite else { return try await database.withConnection { try await body($0 as! any SQLDatabase) } }
        if let connection = lock.withLock({ sqliteConnection }) { return try await body(connection) }
        // The file the pool has open, so both always write the same database.
        let files = try await (database as! any SQLDatabase).raw("PRAGMA database_list").all(decoding: DatabaseFile.self)
        guard let path = files.first(where: { $0.name == "main" })?.file, !path.isEmpty else {
            throw SQLiteWriteError(status: 1, message: "the database has no file to write to")
        }
        let connection = try SQLiteWriterConnection(path: path, logger: database.logger, eventLoop: database.eventLoop)
        try await checkpointer?.prepare(connection)
        lock.withLock { sqliteConnection = connection }
        return try await body(connection)
    }

    private struct DatabaseFile: Decodable { let name: String; let file: String }

    private func commit(_ batch: [Unit]) async {
        let outcomes = OutcomeList(count: batch.count)
        let head: AuditCursor.Position?
        do {
            let checkpointer = self.checkpointer, memory = self.headMemory
            head = try await withWriterConnection { sql in
                try await checkpointer?.beforeBatch(on: sql)
                return try await Self.transaction(batch, on: sql, outcomes: outcomes, head: memory)
            }
        } catch {
            afterCommit()
            for (index, unit) in batch.enumerated() { unit.fail(outcomes.error(index) ?? error) }
            return
        }
        afterCommit()
        checkpointer?.committed()
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

    /// Runs the batch in one transaction; returns the new audit head if events were appended.
    /// The fast path runs the units back to back, their inserts held and sent together. If
    /// anything fails, the whole transaction is rolled back and the batch runs again with each
    /// unit in its own savepoint and its inserts sent before the savepoint is released, so a
    /// failure rolls back alone and is answered to the unit that caused it (units only compute
    /// from the database and ids chosen before they were queued, so running one again is safe).
    private static func transaction(_ batch: [Unit], on connection: any SQLDatabase, outcomes: OutcomeList,
                                    head memory: HeadMemory) async throws -> AuditCursor.Position? {
        for savepoints in [false, true] {
            var outcome = try await attempt(batch, on: connection, outcomes: outcomes, savepoints: savepoints, head: memory)
            // Another process moved the audit head: again, reading it this time.
            if case .staleHead = outcome { outcome = try await attempt(batch, on: connection, outcomes: outcomes, savepoints: savepoints, head: memory) }
            switch outcome {
            case .committed(let head): return head
            case .rolledBack, .staleHead:
                if batch.count == 1, outcomes.error(0) != nil { return nil }  // nothing to separate it from
            }
        }
        preconditionFailure("with savepoints every unit's failure is contained")
    }

    enum Attempt {
        /// Committed; the new audit head if events were appended.
        case committed(AuditCursor.Position?)
        /// Something failed on the fast path and the transaction was rolled back.
        case rolledBack
        /// The remembered audit head was out of date and the transaction was rolled back.
        case staleHead
    }

    /// One try at the batch.
    ///
    /// On SQLite the audit head is remembered from the writer's last commit instead of read at
    /// the start of every batch (BEGIN IMMEDIATE already keeps other writers out); the update
    /// that moves it only applies if the head is still where it was remembered, so a change by
    /// another process (the CLI) is caught and the batch runs again with the head read.
    private static func attempt(_ batch: [Unit], on sql: any SQLDatabase, outcomes: OutcomeList, savepoints: Bool,
                                head memory: HeadMemory) async throws -> Attempt {
        let isSQLite = sql.dialect.name == "sqlite"
        let batched = BatchedInserts(sql)
        outcomes.reset()
        try await sql.raw(isSQLite ? "BEGIN IMMEDIATE" : "BEGIN").run()
        do {
            let remembered = isSQLite ? memory.position : nil
            let cursor: AuditCursor
            if let remembered { cursor = AuditCursor(remembered) } else { cursor = AuditCursor(try await AuditAppender.head(on: sql, forUpdate: !isSQLite)) }
            let start = cursor.position
            if savepoints {
                for (index, unit) in batch.enumerated() {
                    let before = cursor.position
                    try await sql.raw("SAVEPOINT unit").run()
                    do {
                        try await unit.run(batched, cursor)
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
                    for unit in batch { try await unit.run(batched, cursor) }
                    try await batched.flush()
                } catch {
                    batched.discard()
                    memory.position = nil
                    try await sql.raw("ROLLBACK").run()
                    // With a remembered head, the failure may be another writer's event in the way.
                    if remembered != nil { return .staleHead }
                    if batch.count == 1 { outcomes.fail(0, error) }
                    return .rolledBack
                }
            }
            let end = cursor.position
            if end.sequence != start.sequence {
                let update = sql.update("audit_head").set("sequence", to: SQLBind(end.sequence)).set("mac", to: SQLBind(end.mac))
                    .where("id", .equal, SQLBind(1))
                if remembered != nil {
                    let moved = try await update.where("sequence", .equal, SQLBind(start.sequence)).returning("sequence").all().isEmpty
                    if moved {
                        memory.position = nil
                        try await sql.raw("ROLLBACK").run()
                        return .staleHead
                    }
                } else {
                    try await update.run()
                }
            }
            try await sql.raw("COMMIT").run()
            memory.position = isSQLite ? end : nil
            return .committed(end.sequence != start.sequence ? end : nil)
        } catch {
            batched.discard()
            memory.position = nil
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }
}

/// The audit head as the writer's last commit left it (SQLite only; see `attempt`).
final class HeadMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: AuditCursor.Position?

    var position: AuditCursor.Position? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// R7.1: the audit chain's head as a batch advances it. Read once when the batch begins and
/// written once before it commits; a unit that rolls back puts it back where it was.
final class AuditCursor: @unchecked Sendable {
    struct Position: Equatable {
        var sequence: Int64
        var mac: String
    }

    private let lock = NSLock()
    private var current: Position

    init(_ head: AuditAppender.Head) { current = Position(sequence: head.sequence, mac: head.mac) }
    init(_ position: Position) { current = position }

    var position: Position {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
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
    func reset() { lock.withLock { errors = Array(repeating: nil, count: errors.count) } }
}

