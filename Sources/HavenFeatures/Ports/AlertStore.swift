import Foundation
import HavenDomain

/// R2.5: an alert shown in the app to the person it was routed to. It names the concern's
/// reference and priority, never the child.
public struct InAppAlert: Equatable, Sendable {
    public let id: UUID
    public let recipient: PersonID
    public let concernID: ConcernID
    public let reference: String
    public let priority: ConcernPriority
    public let createdAt: Date

    public init(
        id: UUID, recipient: PersonID, concernID: ConcernID, reference: String, priority: ConcernPriority,
        createdAt: Date
    ) {
        self.id = id
        self.recipient = recipient
        self.concernID = concernID
        self.reference = reference
        self.priority = priority
        self.createdAt = createdAt
    }
}

/// R2.5: an email waiting in the durable outbox. Written in the same transaction as the concern,
/// so an alert is never lost; delivered afterwards over SMTP.
public struct OutboxEmail: Equatable, Sendable {
    public let id: UUID
    public let to: String
    public let subject: String
    public let body: String
    public let createdAt: Date
    public var attempts: Int
    public var nextAttemptAt: Date
    /// Issue 13.1: whether its sealed body opened. If not, its body is empty.
    public var opening = Opening.opened

    public enum Opening: Sendable, Equatable {
        case opened
        /// It does not open where it is: it was changed in the database, or written there, by
        /// someone without the data key. It is withdrawn, never sent.
        case changed
        /// It is sealed under a data key this server does not hold (a rotation with
        /// `HAVEN_DATA_KEY` not yet on every server): it is left for a server that does.
        case keyNotHeld
    }

    public init(
        id: UUID, to: String, subject: String, body: String, createdAt: Date, attempts: Int = 0, nextAttemptAt: Date
    ) {
        self.id = id
        self.to = to
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
    }
}

/// Issue 13.3: the email that has waited longest in the outbox: since when, how many tries, and
/// why the last one failed.
public struct UnsentEmail: Equatable, Sendable {
    /// Who it is for: the address an administrator may need to check.
    public let to: String
    public let createdAt: Date
    public let attempts: Int
    public let failure: MailFailure?

    public init(to: String, createdAt: Date, attempts: Int, failure: MailFailure?) {
        self.to = to
        self.createdAt = createdAt
        self.attempts = attempts
        self.failure = failure
    }
}

/// What may be read of alerts and the outbox: the only part a read unit is given.
public protocol AlertReads: Sendable {
    /// Issue 12.3: the person's alerts for concerns still waiting for triage (an alert clears
    /// once the concern is decided), most urgent first, then newest.
    func alerts(for person: PersonID, limit: Int) async throws -> [InAppAlert]
    /// Issue 12.3: the concerns the person was ever alerted to, cleared or not, newest first.
    func concernsAlerted(to person: PersonID, limit: Int) async throws -> [ConcernID]
    func dueEmails(at: Date, limit: Int) async throws -> [OutboxEmail]
    func pendingEmailCount() async throws -> Int
    /// Unsent emails that have failed at least once.
    func failingEmailCount() async throws -> Int
    /// Issue 13.3: the email waiting longest to be sent, if any.
    func oldestUnsentEmail() async throws -> UnsentEmail?
}

/// R2.5: in-app alerts and the email outbox.
/// What an append unit may add of alerts: new alerts and emails only.
public protocol AlertAppends: Sendable {
    func insert(_ alert: InAppAlert) async throws
    func enqueue(_ email: OutboxEmail) async throws
}

public protocol AlertStore: AlertReads, AlertAppends {
    /// Issue 13.6: the oldest email due at `at` that no server is sending, now claimed by this
    /// one until `until` (another server skips it meanwhile; a claim left by a server that died
    /// runs out). Sending it, or failing to, ends the claim.
    func claimNextDueEmail(at: Date, until: Date) async throws -> OutboxEmail?
    func markSent(_ id: UUID, at: Date) async throws
    func markFailed(_ id: UUID, attempts: Int, nextAttemptAt: Date, error: String) async throws
    /// Issue 13.3: every unsent email becomes due at `at` (Haven has just started: whatever was
    /// wrong may have been put right, so nothing waits out its backoff).
    func retryUnsent(at: Date) async throws
    /// Issue 13.3: emails waiting for `address` that the mail server has refused (it takes no
    /// email for that address) leave the outbox unsent, their bodies emptied; how many did. One
    /// being sent just now is left to finish.
    func withdrawRefused(to address: String, at: Date) async throws -> Int
    /// Issue 13.1: one email leaves the outbox unsent, its body emptied.
    func withdraw(_ id: UUID, at: Date, because: Withdrawal) async throws
}

/// Why an email left the outbox unsent (kept with it).
public enum Withdrawal: String, Sendable {
    /// The mail server refused the address, and the person's address was changed, or they left.
    case addressLeft = "withdrawn"
    /// Its sealed body did not open: it was changed in the database without the data key.
    case changedWithoutKey = "changed"
}

/// The alerts store, as read, append and write units each see it.
public enum AlertStoreKey: AppendableStoreKey {
    public typealias Reads = any AlertReads
    public typealias Store = any AlertStore
    public typealias Appends = any AlertAppends
}

extension Reading {
    public var alerts: any AlertReads { self[AlertStoreKey.self] }
}

extension Transaction {
    public var alerts: any AlertStore { self[AlertStoreKey.self] }
}

extension Appending {
    public var alerts: any AlertAppends { self[AlertStoreKey.self] }
}
