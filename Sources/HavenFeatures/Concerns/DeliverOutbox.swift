import Foundation
import HavenDomain

/// R2.5: sends one email. The SMTP client is the production adapter.
public protocol MailTransport: Sendable {
    func send(to: String, subject: String, body: String) async throws
}

/// Issue 13.3: why an email could not be sent, as the dashboard says it (stored with the email).
public enum MailFailure: String, Sendable, CaseIterable {
    case noAnswer = "no_answer"
    case refused
    case closed
    case invalidAddress = "invalid_address"
    case cannotConnect = "cannot_connect"
    /// The relay is not taking email now (it refused to start a message).
    case unavailable
    /// TLS was asked for and could not be had (not offered, refused, or a certificate that did
    /// not check): nothing was sent, the sign-in least of all.
    case notSecure = "not_secure"
    /// The relay refused Haven's sign-in.
    case signInRefused = "sign_in_refused"
    /// Issue 13.1: sealed under a data key this server does not hold: left for one that does.
    case keyNotHeld = "key_not_held"
    case other
}

/// An error a mail transport can explain.
public protocol MailFailureReason: Error {
    var failure: MailFailure { get }
}

/// R2.5: delivers due emails from the durable outbox. A failed send is retried with growing
/// gaps (1, 2, 4 … minutes, at most an hour), so an alert is never dropped while the mail
/// server is down.
public struct DeliverOutbox: Sendable {
    let env: HavenEnvironment
    let transport: any MailTransport
    /// How long an email is claimed while it is sent: longer than sending one can take (the
    /// message deadline), so that a claim runs out only if the server that made it has gone.
    let claimLease: TimeInterval

    public init(_ env: HavenEnvironment, transport: any MailTransport, claimLease: TimeInterval = 300) {
        self.env = env
        self.transport = transport
        self.claimLease = claimLease
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
        /// Why the last failure failed.
        public var failure: MailFailure?
        /// Issue 13.1: emails withdrawn unsent because they were changed in the database by
        /// someone without the data key.
        public var changed = 0

        public init(sent: Int = 0, failed: Int = 0, failure: MailFailure? = nil, changed: Int = 0) {
            self.sent = sent
            self.failed = failed
            self.failure = failure
            self.changed = changed
        }
    }

    /// Issue 13.3: when Haven starts, every unsent email is tried at once, so that a relay put
    /// right and a restart are not followed by an hour of the dashboard saying email is held up.
    public func retryEverythingNow() async throws {
        let now = env.clock.now()
        try await env.write { tx in try await tx.alerts.retryUnsent(at: now) }
    }

    /// Sends what is due now. A message the relay refuses is put back with growing gaps and
    /// the others go on; when the relay cannot be reached or stops answering, the round ends
    /// there (the rest would only wait for it in turn) and is tried again next round.
    @discardableResult
    public func deliverDue(limit: Int = 50) async throws -> Round {
        var round = Round()
        // Issue 13.6: one email at a time, claimed for as long as sending it may take, so that
        // another server on the same database sends the others meanwhile and never this one.
        // Emails withdrawn unsent do not count towards the limit (thousands put there to hold up
        // the rest are cleared in one round), but the round ends however many there are.
        var tried = 0
        var claimed = 0
        while tried < limit && claimed < limit * 100 {
            claimed += 1
            let now = env.clock.now()
            let lease = claimLease
            guard
                let email = try await env.write({ tx in
                    try await tx.alerts.claimNextDueEmail(at: now, until: now.addingTimeInterval(lease))
                })
            else { break }
            // Issue 13.1: one changed in the database without the data key (readdressed, given
            // another subject, or written there) leaves the outbox unsent, at once: it is never
            // tried again, and never holds up the rest.
            switch email.opening {
            case .opened: tried += 1
            case .changed:
                try await env.write { tx in try await tx.alerts.withdraw(email.id, at: now, because: .changedWithoutKey)
                }
                round.changed += 1
                continue
            case .keyNotHeld:
                // Left for a server that holds the key, in a minute; not counted as a try, nor
                // towards the round's limit (rows put there to look like it cannot hold up the rest).
                try await env.write { tx in
                    try await tx.alerts.markFailed(
                        email.id, attempts: email.attempts, nextAttemptAt: now.addingTimeInterval(60),
                        error: MailFailure.keyNotHeld.rawValue)
                }
                round.failed += 1
                round.failure = .keyNotHeld
                continue
            }
            do {
                // Issue 13.6: a send under way is finished even if Haven is stopping (it is bounded
                // by the message deadline): cut off after the relay had the message, it would be
                // sent again by whichever server next claimed it.
                let transport = self.transport
                try await Task { try await transport.send(to: email.to, subject: email.subject, body: email.body) }
                    .value
                let at = env.clock.now()
                try await env.write { tx in try await tx.alerts.markSent(email.id, at: at) }
                if Task.isCancelled { break }
                round.sent += 1
            } catch {
                if Task.isCancelled { break }
                let failure = (error as? any MailFailureReason)?.failure ?? .other
                // Bounded, whatever the database holds.
                let attempts = min(max(email.attempts, 0), 1_000_000) + 1
                let delay = min(3600, 60 * pow(2, Double(min(attempts - 1, 6))))
                let next = env.clock.now().addingTimeInterval(delay)
                try await env.write { tx in
                    try await tx.alerts.markFailed(
                        email.id, attempts: attempts, nextAttemptAt: next, error: failure.rawValue)
                }
                round.failed += 1
                round.failure = failure
                if [.cannotConnect, .noAnswer, .closed, .unavailable, .notSecure, .signInRefused].contains(failure) {
                    break
                }
            }
        }
        return round
    }
}
