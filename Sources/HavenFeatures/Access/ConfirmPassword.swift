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
        let key = SignIn.accountKey(email: credentials.person.email)
        let failures = try await env.read { tx in
            try await tx.sessions.failures(key: key, since: now.addingTimeInterval(-throttle.window))
        }
        if let until = throttle.nextAttempt(after: failures, limit: throttle.account, now: now) {
            throw SignInError.throttled(until: until)
        }
        let passwords = env.passwords
        let hash = credentials.passwordHash
        if try await PasswordWork.run({ passwords.verify(password ?? "", against: hash) }) { return true }
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
        _ env: HavenEnvironment, to address: String, name: String, subject: String, lines: [String], at now: Date
    ) -> OutboxEmail {
        OutboxEmail(
            id: env.ids.uuid(), to: address, subject: subject,
            body: (["Hello \(name),", ""] + lines + [
                "", "If this was not you, tell your Designated Safeguarding Lead at once.",
            ])
            .joined(separator: "\r\n"),
            createdAt: now, nextAttemptAt: now)
    }
}
