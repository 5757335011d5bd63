import Foundation
import HavenDomain

/// R1.6: a signed-in person types their password again to change something about their own
/// sign-in (their password, their second factor). It is checked outside the writer (bcrypt must
/// not hold up anyone's record) and counts towards the same account-wide throttle as signing in,
/// so it is no faster a way to guess.
struct ConfirmPassword: Sendable {
    let env: HavenEnvironment

    /// Whether `password` is theirs; a wrong one is recorded and audited with `reason`.
    func callAsFunction(_ password: String?, credentials: Credentials, reason: String) async throws -> Bool {
        let now = env.clock.now()
        let throttle = SignInThrottle()
        let counters = env.counters
        let key = SignIn.accountKey(email: credentials.person.email)
        // Checked and counted in one step in memory first, so that confirmations sent at the same
        // moment each see the others (as signing in does); then against the stored failures.
        let racing = counters.admit([key], at: now) { remembered, _ in
            throttle.nextAttempt(after: remembered[0], limit: throttle.account, now: now)
        }
        if let racing { throw SignInError.throttled(until: racing) }
        let failures: [Date]
        do {
            failures = try await env.read { tx in
                try await tx.sessions.failures(key: key, since: now.addingTimeInterval(-throttle.window))
            }
        } catch {
            counters.withdraw([key], at: now)
            throw error
        }
        if let until = throttle.nextAttempt(after: failures, limit: throttle.account, now: now) {
            counters.withdraw([key], at: now)
            throw SignInError.throttled(until: until)
        }
        let passwords = env.passwords
        let hash = credentials.passwordHash
        let matches: Bool
        do { matches = try await PasswordWork.run { passwords.verify(password ?? "", against: hash) } } catch {
            counters.withdraw([key], at: now)
            throw error
        }
        if matches {
            counters.withdraw([key], at: now)
            return true
        }
        try await env.write { tx in
            try await tx.sessions.recordFailure(key: key, at: now)
            try await tx.audit(AuditEntry(actor: credentials.person.id, action: .signInFailed, reason: reason))
        }
        return false
    }
}

/// R1.2, R1.6: the email that tells a person something happened to their own sign-in, so that a
/// change they did not ask for does not go unnoticed.
enum AccountNotice {
    static func email(
        _ env: HavenEnvironment, to address: String, name: String, subject: Words, lines: [Words], at now: Date
    ) -> OutboxEmail {
        OutboxEmail(
            id: env.ids.uuid(), to: address, subject: env.text(subject),
            body: env.emailBody([Words("email.hello", ["name": .text(name)])] + lines + [Words("email.notYou")]),
            createdAt: now, nextAttemptAt: now)
    }
}
