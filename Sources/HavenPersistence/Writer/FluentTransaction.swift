import FluentKit
import HavenDomain
import HavenFeatures
import SQLKit

/// The stores bound to one database handle: a transaction inside the writer, or the pool for reads.
struct FluentTransaction: Transaction {
    let sql: any SQLDatabase
    /// nil for reads outside the writer, where auditing is refused.
    let auditor: AuditAppender?
    let cursor: AuditCursor?
    let cache: ReferenceCache
    /// Set for an append-only unit recording before it reaches the writer.
    var recording: BatchedInserts? = nil

    /// Reads inside the writer always go to the database; reads outside it may use the cache.
    var cachedReads: ReferenceCache? { cursor == nil ? cache : nil }

    var people: any PersonStore { FluentPersonStore(sql: sql, cache: cache, cachedReads: cachedReads) }
    var concerns: any ConcernStore { FluentConcernStore(sql: sql) }
    var cases: any CaseStore { FluentCaseStore(sql: sql) }
    var organisation: any OrganisationStore { FluentOrganisationStore(sql: sql, cache: cache, cachedReads: cachedReads) }
    var sessions: any SessionStore { FluentSessionStore(sql: sql, cache: cache, cachedReads: cachedReads) }
    var alerts: any AlertStore { FluentAlertStore(sql: sql) }
    var auditLog: any AuditLogReader { FluentAuditLogReader(sql: sql) }
    var auditStatus: any AuditStatusStore { FluentAuditStatusStore(sql: sql) }
    var approvals: any ApprovalStore { FluentApprovalStore(sql: sql) }
    var notices: any NoticeStore { FluentNoticeStore(sql: sql) }
    var accountTokens: any AccountTokenStore { FluentAccountTokenStore(sql: sql) }
    var keptForms: any KeptFormStore { FluentKeptFormStore(sql: sql) }

    func audit(_ entry: AuditEntry) async throws {
        if let recording, let auditor {
            recording.recordAudit(entry, at: auditor.clock.now())
            return
        }
        guard let auditor, let cursor else { throw PersistenceError.auditOutsideWriter }
        try await auditor.append(entry, on: sql, cursor: cursor)
    }
}

public enum PersistenceError: Error, Equatable, CustomStringConvertible {
    case auditOutsideWriter
    case readInAppendOnlyUnit
    case writerClosed
    case corruptRow(table: String)

    public var description: String {
        switch self {
        case .auditOutsideWriter: "an audited operation was attempted outside the write path"
        case .readInAppendOnlyUnit: "an append-only unit of work tried to read the database; use write instead"
        case .writerClosed: "Haven is shutting down and is not taking new records"
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

    public func write<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T {
        let auditor = self.auditor, cache = self.cache
        return try await writer.submit { db, cursor in
            try await body(FluentTransaction(sql: db, auditor: auditor, cursor: cursor, cache: cache))
        }
    }

    public func append<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T {
        let recorded = BatchedInserts(LazySQLDatabase(makeDatabase), sends: false)
        let value = try await body(FluentTransaction(sql: recorded, auditor: auditor, cursor: nil, cache: cache, recording: recorded))
        let auditor = self.auditor
        return try await writer.submit { db, cursor in
            guard let batch = db as? BatchedInserts else { preconditionFailure("the writer hands units its batched connection") }
            try await batch.replay(recorded, auditor: auditor, cursor: cursor)
            return value
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T {
        try await body(FluentTransaction(sql: LazySQLDatabase(makeDatabase), auditor: nil, cursor: nil, cache: cache))
    }

    /// How many batches and units the writer has committed (for the benchmark's group-commit figure).
    public func writerStatistics() async -> (batches: Int, units: Int) { writer.statistics }

    /// Closes the writer's own connection after the batch in hand (at application shutdown).
    public func close() { writer.close() }
}
