import Foundation
import HavenDomain

/// R1.6, N1: counts kept in memory, so that limits are applied before anything reaches the
/// database or the writer. They are per process: failures against real accounts are also stored
/// (`SessionStore.recordFailure`), so a restart or a second server still sees those.
public final class AttemptCounters: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: SlidingWindow
    private var everyone = SlidingWindow(window: 60, maxKeys: 1)
    private var recordings = BucketedCount(window: 600)
    private var refusals = BucketedCount(window: 600)
    private var unknown: (count: Int, since: Date?) = (0, nil)

    public init(window: TimeInterval = SignInThrottle().window) { failures = SlidingWindow(window: window) }

    /// Admits an attempt unless `wait` (given the failures under each key, and the count from
    /// everywhere in the last minute) says it must wait. An admitted attempt counts as failed
    /// until it is known to have succeeded, and the check and the count are one step, so that
    /// attempts made at the same moment each see the others (no race past the throttle).
    func admit(_ keys: [String], at now: Date, wait: ([[Date]], Int) -> Date?) -> Date? {
        lock.withLock {
            if let until = wait(keys.map { failures.events($0, now: now) }, everyone.count("all", now: now)) {
                return until
            }
            for key in keys { failures.add(key, at: now) }
            everyone.add("all", at: now)
            return nil
        }
    }

    /// An admitted attempt that was refused for another reason before its password was checked.
    func withdraw(_ keys: [String], at now: Date) { succeeded(keys, clearing: [], at: now) }

    /// The attempt succeeded: it no longer counts, and the account's failures from this address are forgiven.
    func succeeded(_ keys: [String], clearing cleared: [String], at now: Date) {
        lock.withLock {
            for key in keys { failures.remove(key, at: now) }
            for key in cleared { failures.clear(key) }
            everyone.remove("all", at: now)
        }
    }

    /// A failure for an email with no account: counted, not stored one by one. Returns the count
    /// to record once a minute has passed since the first of them.
    func unknownAccount(at now: Date) -> (count: Int, since: Date)? {
        lock.withLock {
            unknown.count += 1
            if unknown.since == nil { unknown.since = now }
            return takeUnknown(now: now, after: 60)
        }
    }

    /// The unknown-account failures not yet recorded, if any (at shutdown, or when asked).
    public func pendingUnknown(now: Date) -> (count: Int, since: Date)? {
        lock.withLock { takeUnknown(now: now, after: 0) }
    }

    private func takeUnknown(now: Date, after interval: TimeInterval) -> (count: Int, since: Date)? {
        guard let since = unknown.since, unknown.count > 0, now.timeIntervalSince(since) >= interval else { return nil }
        defer { unknown = (0, nil) }
        return (unknown.count, since)
    }

    /// R7.1: whether `person` has met `limit` refusals in ten minutes, and so is paused.
    func refusalsReached(by person: PersonID, limit: Int, now: Date) -> Bool {
        lock.withLock { refusals.count(person.description, now: now) >= limit }
    }

    /// R7.1: counts one refusal of `person`; true if it is the one that reaches `limit`.
    func countRefusal(by person: PersonID, limit: Int, now: Date) -> Bool {
        lock.withLock {
            refusals.add(person.description, at: now)
            return refusals.count(person.description, now: now) == limit
        }
    }

    /// N1: records one concern for `person` if they are under `limit` in ten minutes; false if not.
    func recordConcern(by person: PersonID, limit: Int, now: Date) -> Bool {
        lock.withLock {
            let key = person.description
            guard recordings.count(key, now: now) < limit else { return false }
            recordings.add(key, at: now)
            return true
        }
    }
}
