import FluentKit
import HavenDomain
import HavenFeatures

/// R7.1: the verifier behind the audit page: the whole chain, checked against the key and the anchor.
public struct FluentAuditChainVerifier: AuditChainVerifier {
    let database: @Sendable () -> any Database
    let chain: AuditChain
    let anchor: AuditAnchor

    public init(database: @escaping @Sendable () -> any Database, chain: AuditChain, anchor: AuditAnchor) {
        self.database = database
        self.chain = chain
        self.anchor = anchor
    }

    public func verify() async throws -> AuditVerification {
        try await HavenDatabase.verifyAudit(database(), chain: chain, anchor: anchor)
    }
}
