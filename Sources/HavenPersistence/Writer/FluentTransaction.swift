import FluentKit
import HavenDomain
import HavenFeatures
import SQLKit

/// A read unit's stores, on the pool: reference data may come from the cache.
struct FluentReading: Reading {
    let sql: any SQLDatabase
    let cache: ReferenceCache

    var people: any PersonReads { FluentPersonStore(sql: sql, cache: cache, cachedReads: cache) }
    var concerns: any ConcernReads { FluentConcernStore(sql: sql) }
    var cases: any CaseReads { FluentCaseStore(sql: sql) }
    var organisation: any OrganisationReads { FluentOrganisationStore(sql: sql, cache: cache, cachedReads: cache) }
    var sessions: any SessionReads { FluentSessionStore(sql: sql, cache: cache, cachedReads: cache) }
    var alerts: any AlertReads { FluentAlertStore(sql: sql) }
    var auditLog: any AuditLogReader { FluentAuditLogReader(sql: sql) }
    var auditStatus: any AuditStatusReads { FluentAuditStatusStore(sql: sql) }
    var approvals: any ApprovalReads { FluentApprovalStore(sql: sql) }
    var notices: any NoticeReads { FluentNoticeStore(sql: sql) }
    var accountTokens: any AccountTokenReads { FluentAccountTokenStore(sql: sql) }
    var keptForms: any KeptFormReads { FluentKeptFormStore(sql: sql) }
}

/// An append unit's stores: rows and events are held (`BatchedInserts` that sends nothing) and
/// handed to the writer, which chains the events and stores the rows in its next batch.
struct FluentAppending: Appending {
    let recording: BatchedInserts
    let auditor: AuditAppender

    var concerns: any ConcernAppends { FluentConcernStore(sql: recording) }
    var alerts: any AlertAppends { FluentAlertStore(sql: recording) }

    func audit(_ entry: AuditEntry) async throws { recording.recordAudit(entry, at: auditor.clock.now()) }
}

/// A write unit's stores, inside the writer's transaction: reads always go to the database.
struct FluentTransaction: Transaction {
    let sql: any SQLDatabase
    let auditor: AuditAppender
    let cursor: AuditCursor
    let cache: ReferenceCache

    var people: any PersonStore { FluentPersonStore(sql: sql, cache: cache, cachedReads: nil) }
    var concerns: any ConcernStore { FluentConcernStore(sql: sql) }
    var cases: any CaseStore { FluentCaseStore(sql: sql) }
    var organisation: any OrganisationStore { FluentOrganisationStore(sql: sql, cache: cache, cachedReads: nil) }
    var sessions: any SessionStore { FluentSessionStore(sql: sql, cache: cache, cachedReads: nil) }
    var alerts: any AlertStore { FluentAlertStore(sql: sql) }
    var auditLog: any AuditLogReader { FluentAuditLogReader(sql: sql) }
    var auditStatus: any AuditStatusStore { FluentAuditStatusStore(sql: sql) }
    var approvals: any ApprovalStore { FluentApprovalStore(sql: sql) }
    var notices: any NoticeStore { FluentNoticeStore(sql: sql) }
    var accountTokens: any AccountTokenStore { FluentAccountTokenStore(sql: sql) }
    var keptForms: any KeptFormStore { FluentKeptFormStore(sql: sql) }

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
        case .reentrantWrite: "a unit of work called the writer from inside itself, which would wait for itself for ever"
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

    public func append<T: Sendable>(_ body: @escaping @Sendable (any Appending) async throws -> T) async throws -> T {
        let recorded = BatchedInserts(LazySQLDatabase(makeDatabase), sends: false)
        let value = try await body(FluentAppending(recording: recorded, auditor: auditor))
        let auditor = self.auditor
        return try await writer.submit { db, cursor in
            guard let batch = db as? BatchedInserts else { preconditionFailure("the writer hands units its batched connection") }
            try await batch.replay(recorded, auditor: auditor, cursor: cursor)
            return value
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any Reading) async throws -> T) async throws -> T {
        try await body(FluentReading(sql: LazySQLDatabase(makeDatabase), cache: cache))
    }

    /// How many batches and units the writer has committed (for the benchmark's group-commit figure).
    public func writerStatistics() async -> (batches: Int, units: Int) { writer.statistics }

    /// Closes the writer's own connection after the batch in hand (at application shutdown).
    public func close() { writer.close() }
}
