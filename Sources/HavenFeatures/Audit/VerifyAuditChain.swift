import Foundation
import HavenDomain

/// R7.1: checks the whole audit chain now and records the result, which the audit page shows
/// until the next check (a page view never starts one). Run by an auditor, administrator or DSL
/// from the page, by `haven audit verify`, and by Haven itself at start and each day. Shows only
/// counts, sequence numbers and the fault: no case content.
public struct VerifyAuditChain: Sendable {
    let env: HavenEnvironment
    let verifier: any AuditChainVerifier

    public init(_ env: HavenEnvironment, verifier: any AuditChainVerifier) {
        self.env = env
        self.verifier = verifier
    }

    /// `actor` is nil when Haven or its command line runs the check.
    public func callAsFunction(by actor: Actor?, checkpoint: AuditCheckpoint? = nil) async throws -> AuditVerification {
        if let actor { try actor.require(.viewAuditStatus) }
        let result = try await verifier.verify(checkpoint: checkpoint)
        let record = AuditVerificationRecord(
            result, id: env.ids.uuid(), at: env.clock.now(), by: actor?.person, text: env.text)
        try await env.write { tx in
            try await tx.auditStatus.recordVerification(record)
            try await tx.audit(
                AuditEntry(
                    actor: actor?.person, action: .auditVerified, subjectType: .auditTrail,
                    subjectID: result.head.map { String($0.sequence) }, reason: result.fault == nil ? "intact" : "fault"
                ))
        }
        return result
    }
}

/// R7.1: what the audit page shows: the last check and its result, the last signed checkpoint,
/// and whether the anchor outside the database is being written.
public struct AuditStatus: Sendable {
    public let lastVerification: AuditVerificationRecord?
    public let lastCheckpoint: AuditCheckpoint?
    public let anchorProblem: AuditAnchorProblem?
    /// The anchor belongs to another user than the one Haven runs as.
    public let anchorProtected: Bool
}

public struct ViewAuditStatus: Sendable {
    let env: HavenEnvironment
    let verifier: any AuditChainVerifier

    public init(_ env: HavenEnvironment, verifier: any AuditChainVerifier) {
        self.env = env
        self.verifier = verifier
    }

    public func callAsFunction(by actor: Actor) async throws -> AuditStatus {
        try actor.require(.viewAuditStatus)
        let (verification, checkpoint) = try await env.read { tx in
            (try await tx.auditStatus.lastVerification(), try await tx.auditStatus.lastCheckpoint())
        }
        return AuditStatus(
            lastVerification: verification, lastCheckpoint: checkpoint, anchorProblem: verifier.anchorProblem(),
            anchorProtected: verifier.anchorIsProtected())
    }
}
