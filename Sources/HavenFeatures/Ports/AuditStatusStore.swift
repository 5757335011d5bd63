import Foundation
import HavenDomain

/// R7.1: one check of the whole audit chain, as the audit page shows it afterwards.
public struct AuditVerificationRecord: Equatable, Sendable {
    public let id: UUID
    public let at: Date
    /// Who asked for it; nil when Haven ran it itself (at start, daily) or from the command line.
    public let by: PersonID?
    public let eventsChecked: Int
    public let headSequence: Int64?
    public let anchorLinesChecked: Int
    /// What is wrong, in words, if the chain did not verify.
    public let fault: String?

    public init(
        id: UUID, at: Date, by: PersonID?, eventsChecked: Int, headSequence: Int64?, anchorLinesChecked: Int,
        fault: String?
    ) {
        self.id = id
        self.at = at
        self.by = by
        self.eventsChecked = eventsChecked
        self.headSequence = headSequence
        self.anchorLinesChecked = anchorLinesChecked
        self.fault = fault
    }

    /// The fault is kept as words in the organisation's language (`text`), as the audit page shows it.
    public init(_ verification: AuditVerification, id: UUID, at: Date, by: PersonID?, text: (Words) -> String) {
        self.init(
            id: id, at: at, by: by, eventsChecked: verification.eventsChecked,
            headSequence: verification.head?.sequence,
            anchorLinesChecked: verification.anchorLinesChecked, fault: verification.fault.map { text($0.words) })
    }
}

/// What may be read of the audit checks and checkpoints: the only part a read unit is given.
public protocol AuditStatusReads: Sendable {
    func lastVerification() async throws -> AuditVerificationRecord?
    func lastCheckpoint() async throws -> AuditCheckpoint?
}

/// R7.1, R7.8: the record of audit verifications and of the signed checkpoints sent to the auditors.
public protocol AuditStatusStore: AuditStatusReads {
    func recordVerification(_ record: AuditVerificationRecord) async throws
    func recordCheckpoint(_ checkpoint: AuditCheckpoint, document: String) async throws
}

/// R7.1: checks the whole audit chain (the persistence adapter reads the events, the key and the
/// anchor) and knows whether the anchor could be written after the last commit.
public protocol AuditChainVerifier: Sendable {
    func verify(checkpoint: AuditCheckpoint?) async throws -> AuditVerification
    /// A failure to append to the anchor since its last successful write, if any.
    func anchorProblem() -> AuditAnchorProblem?
    /// Whether the anchor belongs to another user than the one Haven runs as (see docs/audit-format.md).
    func anchorIsProtected() -> Bool
}

/// R7.1: the anchor outside the database could not be written: the chain's newest events are not
/// protected against deletion until it can be again.
public struct AuditAnchorProblem: Equatable, Sendable {
    public let since: Date
    public let failures: Int
    public let reason: String
    /// The anchor's last line is not one of the chain's heads (events deleted, or a line Haven
    /// did not write), so nothing is added after it: writable, and still not being written.
    public let aheadOfTheChain: Bool

    public init(since: Date, failures: Int, reason: String, aheadOfTheChain: Bool = false) {
        self.since = since
        self.failures = failures
        self.reason = reason
        self.aheadOfTheChain = aheadOfTheChain
    }
}

/// R7.8: signs a checkpoint with the key kept outside the database (Ed25519).
public protocol AuditCheckpointSigner: Sendable {
    func document(for checkpoint: AuditCheckpoint) throws -> String
}

/// The auditStatus store, as read, append and write units each see it.
public enum AuditStatusStoreKey: StoreKey {
    public typealias Reads = any AuditStatusReads
    public typealias Store = any AuditStatusStore
}

extension Reading {
    public var auditStatus: any AuditStatusReads { self[AuditStatusStoreKey.self] }
}

extension Transaction {
    public var auditStatus: any AuditStatusStore { self[AuditStatusStoreKey.self] }
}
