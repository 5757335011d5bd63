import FluentKit
import HavenDomain
import HavenFeatures
import SQLKit

/// A read unit's stores, on the pool: reference data may come from the cache.
struct SQLKitReading: Reading {
    let context: StoreContext

    init(sql: any SQLDatabase, cache: ReferenceCache, sealer: DataSealer) {
        context = StoreContext(sql: sql, cache: cache, cachedReads: cache, sealer: sealer)
    }

    subscript<Key: StoreKey>(_ key: Key.Type) -> Key.Reads { StorageModules.shelf.reads(key, context) }
}

/// An append unit's stores: rows and events are held (`BatchedInserts` that sends nothing) and
/// handed to the writer, which chains the events and stores the rows in its next batch.
struct SQLKitAppending: Appending {
    let recording: BatchedInserts
    let auditor: AuditAppender
    let cache: ReferenceCache
    let sealer: DataSealer

    subscript<Key: AppendableStoreKey>(_ key: Key.Type) -> Key.Appends {
        StorageModules.shelf.appends(key, StoreContext(sql: recording, cache: cache, cachedReads: nil, sealer: sealer))
    }

    func audit(_ entry: AuditEntry) async throws { recording.recordAudit(entry, at: auditor.clock.now()) }
}

/// A write unit's stores, inside the writer's transaction: reads always go to the database.
struct SQLKitTransaction: Transaction {
    let sql: any SQLDatabase
    let auditor: AuditAppender
    let cursor: AuditCursor
    let cache: ReferenceCache
    let sealer: DataSealer

    subscript<Key: StoreKey>(_ key: Key.Type) -> Key.Store {
        StorageModules.shelf.store(key, StoreContext(sql: sql, cache: cache, cachedReads: nil, sealer: sealer))
    }

    func audit(_ entry: AuditEntry) async throws { try await auditor.append(entry, on: sql, cursor: cursor) }
}

public enum PersistenceError: Error, Equatable, CustomStringConvertible {
    case readInAppendOnlyUnit
    case writerClosed
    case reentrantWrite
    case corruptRow(table: String)

    public var description: String {
        switch self {
        case .readInAppendOnlyUnit: "an append-only unit of work tried to read the database; use write instead"
        case .writerClosed: "Haven is shutting down and is not taking new records"
        case .reentrantWrite:
            "a unit of work called the writer from inside itself, which would wait for itself for ever"
        case .corruptRow(let table): "a row in \(table) could not be read"
        }
    }
}

/// N1: the unit of work over Fluent: writes go through the group-commit writer, reads use the pool.
public struct FluentUnitOfWork: UnitOfWork {
    let writer: GroupCommitWriter
    let makeDatabase: @Sendable () -> any Database
    let auditor: AuditAppender
    let cache: ReferenceCache
    let sealer: DataSealer

    public func write<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T {
        let auditor = self.auditor
        let cache = self.cache
        let sealer = self.sealer
        return try await writer.submit { db, cursor in
            try await body(SQLKitTransaction(sql: db, auditor: auditor, cursor: cursor, cache: cache, sealer: sealer))
        }
    }

    public func append<T: Sendable>(_ body: @escaping @Sendable (any Appending) async throws -> T) async throws -> T {
        let recorded = BatchedInserts(LazySQLDatabase(makeDatabase), sends: false)
        let value = try await body(SQLKitAppending(recording: recorded, auditor: auditor, cache: cache, sealer: sealer))
        let auditor = self.auditor
        return try await writer.submit { db, cursor in
            guard let batch = db as? BatchedInserts else {
                preconditionFailure("the writer hands units its batched connection")
            }
            try await batch.replay(recorded, auditor: auditor, cursor: cursor)
            return value
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any Reading) async throws -> T) async throws -> T {
        try await body(SQLKitReading(sql: LazySQLDatabase(makeDatabase), cache: cache, sealer: sealer))
    }

    /// How many batches and units the writer has committed (for the benchmark's group-commit figure).
    public func writerStatistics() async -> (batches: Int, units: Int) { writer.statistics }

    /// Closes the writer's own connection after the batch in hand (at application shutdown).
    public func close() { writer.close() }
}
