import Foundation
import HavenDomain

/// R1.6: a signed-in session. The browser or API client holds the token; Haven keeps only its hash.
public struct Session: Equatable, Sendable {
    public let tokenHash: String
    public let person: PersonID
    public let csrfToken: String
    public var secondFactorPassed: Bool
    public let createdAt: Date
    public let expiresAt: Date
    /// R1.6: when the session was last used (to the minute), for the idle timeout.
    public var lastSeenAt: Date

    public init(
        tokenHash: String, person: PersonID, csrfToken: String, secondFactorPassed: Bool, createdAt: Date,
        expiresAt: Date,
        lastSeenAt: Date? = nil
    ) {
        self.tokenHash = tokenHash
        self.person = person
        self.csrfToken = csrfToken
        self.secondFactorPassed = secondFactorPassed
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt ?? createdAt
    }

    /// R1.6: whether the session still works at `now`: before its absolute end, and used within the idle timeout.
    public func isLive(at now: Date, idleTimeout: TimeInterval) -> Bool {
        now < expiresAt && now.timeIntervalSince(lastSeenAt) < idleTimeout
    }
}

/// What may be read of sessions and failed sign-ins: the only part a read unit is given.
public protocol SessionReads: Sendable {
    func find(tokenHash: String) async throws -> Session?
    func pendingEnrolment(tokenHash: String) async throws -> SecondFactorEnrolment?
    func failures(key: String, since: Date) async throws -> [Date]
    /// Issue 12.8: when this session last opened the child's file, if it has.
    func fileOpened(tokenHash: String, child: ChildID) async throws -> Date?
}

/// R1.6: sessions and the record of failed sign-ins used for throttling.
public protocol SessionStore: SessionReads {
    func create(_ session: Session) async throws
    /// R1.6: the session has passed the second factor, and from now on is known by a new token.
    func passSecondFactor(tokenHash: String, newTokenHash: String) async throws
    /// R1.6: a second-factor enrolment shown to this session and not yet confirmed.
    func savePendingEnrolment(_ enrolment: SecondFactorEnrolment, tokenHash: String) async throws
    func deletePendingEnrolment(tokenHash: String) async throws
    func delete(tokenHash: String) async throws
    /// Ends every session of the person at `at`, but the one given (if any). Ended sessions stay
    /// a day, so that a form their owner sends just afterwards is kept for them, not lost.
    func endAll(of person: PersonID, except tokenHash: String?, at: Date) async throws
    /// Sessions ended a while ago (`before`): absolute or idle (last seen before `idleBefore`).
    func deleteExpired(before: Date, idleBefore: Date) async throws
    /// R1.6: the session was used at `at`.
    func touch(tokenHash: String, at: Date) async throws
    func recordFailure(key: String, at: Date) async throws
    func clearFailures(key: String) async throws
    /// Issue 12.8: this session opened the child's file at `at` (replacing an earlier opening).
    func recordFileOpened(tokenHash: String, child: ChildID, at: Date) async throws
}

/// The sessions store, as read, append and write units each see it.
public enum SessionStoreKey: StoreKey {
    public typealias Reads = any SessionReads
    public typealias Store = any SessionStore
}

extension Reading {
    public var sessions: any SessionReads { self[SessionStoreKey.self] }
}

extension Transaction {
    public var sessions: any SessionStore { self[SessionStoreKey.self] }
}
