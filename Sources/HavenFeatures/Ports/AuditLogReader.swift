import HavenDomain

/// R7.1, R7.7: reading the audit log back.
public protocol AuditLogReader: Sendable {
    /// Events in sequence order, starting after `sequence`.
    func events(after sequence: Int64, limit: Int) async throws -> [AuditEvent]
    /// R7.7: events about any of these subjects, newest first, from before `sequence` if given:
    /// at most `limit`, each subject's read from the index by subject and sequence.
    func events(subjectType: AuditSubjectType, subjectIDs: [String], before sequence: Int64?, limit: Int)
        async throws -> [AuditEvent]
}

extension AuditLogReader {
    /// R7.7: the newest events about any of these subjects.
    public func events(subjectType: AuditSubjectType, subjectIDs: [String], limit: Int) async throws -> [AuditEvent] {
        try await events(subjectType: subjectType, subjectIDs: subjectIDs, before: nil, limit: limit)
    }
}

/// The auditLog store, as read, append and write units each see it.
public enum AuditLogKey: StoreKey {
    public typealias Reads = any AuditLogReader
    public typealias Store = any AuditLogReader
}

extension Reading {
    public var auditLog: any AuditLogReader { self[AuditLogKey.self] }
}

extension Transaction {
    public var auditLog: any AuditLogReader { self[AuditLogKey.self] }
}
