import Foundation
import HavenDomain

/// R1.6: lifts a password session to one that may read case content, with a TOTP code from
/// the person's authenticator or one of their one-time recovery codes. Throttled like sign-in.
/// The session gets a new token as it passes, so a token known before (planted, or seen over
/// someone's shoulder) never becomes one that reads case content.
public struct PassSecondFactor: Sendable {
    let env: HavenEnvironment
    let throttle: SignInThrottle

    public init(_ env: HavenEnvironment, throttle: SignInThrottle = SignInThrottle()) {
        self.env = env
        self.throttle = throttle
    }

    /// Returns the session's new token.
    @discardableResult
    public func callAsFunction(session: Session, code: String?) async throws -> String {
        guard let code = cleaned(code) else {
            throw InvalidInput(field: "code", "access.code.enterTheCodeFromYour")
        }
        let now = env.clock.now()
        let throttle = self.throttle
        let key = "totp:\(session.person)"
        let newToken = SecretToken.encode(env.ids.randomBytes(32))
        let outcome: Result<Void, SignInError> = try await env.write { tx in
            let failures = try await tx.sessions.failures(key: key, since: now.addingTimeInterval(-throttle.window))
            if let until = throttle.nextAttempt(after: failures, limit: SignInThrottle.secondFactor, now: now) {
                return .failure(.throttled(until: until))
            }
            guard let credentials = try await tx.people.credentials(session.person) else {
                return .failure(.wrongCredentials)
            }
            guard credentials.totpSecret != nil else { return .failure(.noSecondFactorEnrolled) }
            guard try await Self.check(code, credentials: credentials, tx: tx, now: now) else {
                try await tx.sessions.recordFailure(key: key, at: now)
                try await tx.audit(AuditEntry(actor: session.person, action: .secondFactorFailed))
                return .failure(.wrongCode)
            }
            try await tx.sessions.clearFailures(key: key)
            try await tx.sessions.passSecondFactor(
                tokenHash: session.tokenHash, newTokenHash: SecretToken.hash(newToken))
            return .success(())
        }
        try outcome.get()
        return newToken
    }

    /// Whether `code` is the person's current TOTP code (recorded as used) or one of their
    /// recovery codes (used up); audited either way.
    static func check(_ code: String, credentials: Credentials, tx: any Transaction, now: Date) async throws -> Bool {
        let person = credentials.person.id
        if let secret = credentials.totpSecret,
            let step = TOTPCode.matchingStep(code, secret: secret, at: now, lastUsedStep: credentials.totpLastStep)
        {
            try await tx.people.recordTOTPStep(person, step: step)
            try await tx.audit(AuditEntry(actor: person, action: .secondFactorPassed))
            return true
        }
        if try await tx.people.consumeRecoveryCode(
            person, hash: SecretToken.hash(SecretToken.normaliseRecoveryCode(code)))
        {
            try await tx.audit(AuditEntry(actor: person, action: .recoveryCodeUsed))
            return true
        }
        return false
    }
}
