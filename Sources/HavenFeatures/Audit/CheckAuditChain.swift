import Foundation
import HavenDomain

/// R7.1: verifies the whole audit chain (the persistence adapter reads the events, the key and the anchor).
public protocol AuditChainVerifier: Sendable {
    func verify() async throws -> AuditVerification
}

/// R7.1: lets an auditor, administrator or DSL check that the audit log is intact. Shows only
/// counts, sequence numbers and the fault: no case content.
public struct CheckAuditChain: Sendable {
    let env: HavenEnvironment
    let verifier: any AuditChainVerifier

    public init(_ env: HavenEnvironment, verifier: any AuditChainVerifier) {
        self.env = env
        self.verifier = verifier
    }

    public func callAsFunction(by actor: Actor) async throws -> AuditVerification {
        try actor.require(.viewAuditStatus)
        return try await verifier.verify()
    }
}
