import FluentKit
import Foundation
import HavenDomain
import HavenFeatures

/// R7.1: the verifier behind the audit page and `haven audit verify`: the whole chain, checked
/// against the key, every line of the anchor and an auditor's checkpoint if given.
public struct FluentAuditChainVerifier: AuditChainVerifier {
    let database: @Sendable () -> any Database
    let chain: AuditChain
    let anchor: AuditAnchor
    let health: AuditAnchorHealth

    public init(
        database: @escaping @Sendable () -> any Database, chain: AuditChain, anchor: AuditAnchor,
        health: AuditAnchorHealth
    ) {
        self.database = database
        self.chain = chain
        self.anchor = anchor
        self.health = health
    }

    public func verify(checkpoint: AuditCheckpoint?) async throws -> AuditVerification {
        try await HavenDatabase.verifyAudit(database(), chain: chain, anchor: anchor, checkpoint: checkpoint)
    }

    public func anchorProblem() -> AuditAnchorProblem? { health.problem }

    public func anchorIsProtected() -> Bool { !anchor.ownedByThisProcess() }
}

/// R7.1: whether the anchor could be written after the last commit. A failure is never
/// swallowed: the writer logs it as an error and it shows on the audit page until a later
/// write succeeds.
public final class AuditAnchorHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var current: AuditAnchorProblem?
    private var whenAhead: (@Sendable () -> Void)?

    public init() {}

    /// What to do when the anchor's last line is first found not to be one of the chain's heads (Haven
    /// checks the whole chain then, so that the fault is recorded: `AnchorAlarm`).
    public func whenAheadOfTheChain(_ handler: @escaping @Sendable () -> Void) { lock.withLock { whenAhead = handler } }

    func noticedAhead() { lock.withLock { whenAhead }?() }

    public var problem: AuditAnchorProblem? { lock.withLock { current } }

    func failed(_ error: any Error, at moment: Date) {
        lock.withLock {
            var ahead = false
            if case .aheadOfTheChain = error as? AuditAnchorError { ahead = true }
            current = AuditAnchorProblem(
                since: current?.since ?? moment, failures: (current?.failures ?? 0) + 1,
                reason: String(describing: error), aheadOfTheChain: ahead)
        }
    }

    func succeeded() { lock.withLock { current = nil } }
}
