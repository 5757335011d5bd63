import Foundation

/// N4: what someone running Haven watches: email waiting to go out, email that keeps failing,
/// and when the audit chain was last checked and whether it held. No case content.
public struct OperationsStatus: Sendable {
    public let outboxBacklog: Int
    public let outboxFailing: Int
    public let lastVerification: AuditVerificationRecord?
}

public struct ReadOperationsStatus: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction() async throws -> OperationsStatus {
        try await env.read { tx in
            OperationsStatus(
                outboxBacklog: try await tx.alerts.pendingEmailCount(),
                outboxFailing: try await tx.alerts.failingEmailCount(),
                lastVerification: try await tx.auditStatus.lastVerification())
        }
    }
}
