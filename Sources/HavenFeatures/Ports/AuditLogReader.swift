import HavenDomain

/// R7.1, R7.7: reading the audit log back.
public protocol AuditLogReader: Sendable {
    /// Events in sequence order, starting after `sequence`.
    func events(after sequence: Int64, limit: Int) async throws -> [AuditEvent]
    /// R7.7: events about any of these subjects, newest first.
    func events(subjectType: String, subjectIDs: [String], limit: Int) async throws -> [AuditEvent]
}
