import Foundation
import HavenDomain

/// R1.6: lifts a password session to one that may read case content, with a TOTP code from
/// the person's authenticator or one of their one-time recovery codes. Throttled like sign-in.
public struct PassSecondFactor: Sendable {
    let env: HavenEnvironment
    let throttle: SignInThrottle

    public init(_ env: HavenEnvironment, throttle: SignInThrottle = SignInThrottle()) {
        self.env = env
        self.throttle = throttle
    }

    public func callAsFunction(session: Session, code: String?) async throws {
        guard let code = cleaned(code) else { throw InvalidInput(field: "code", "Enter the code from your authenticator app, or a recovery code.") }
        let now = env.clock.now(), throttle = self.throttle
        let key = "totp:\(session.person)"
        let outcome: Result<Void, SignInError> = try await env.write { tx in
            let failures = try await tx.sessions.failures(key: key, since: now.addingTimeInterval(-throttle.window))
            if let until = throttle.lockedUntil(failures: failures, now: now) { return .failure(.throttled(until: until)) }
            guard let credentials = try await tx.people.credentials(session.person) else { return .failure(.wrongCredentials) }
            guard let secret = credentials.totpSecret else { return .failure(.noSecondFactorEnrolled) }
            if let step = TOTPCode.matchingStep(code, secret: secret, at: now, lastUsedStep: credentials.totpLastStep) {
                try await tx.people.recordTOTPStep(session.person, step: step)
                try await tx.audit(AuditEntry(actor: session.person, action: .secondFactorPassed))
            } else if try await tx.people.consumeRecoveryCode(session.person, hash: SecretToken.hash(SecretToken.normaliseRecoveryCode(code))) {
                try await tx.audit(AuditEntry(actor: session.person, action: .recoveryCodeUsed))
            } else {
                try await tx.sessions.recordFailure(key: key, at: now)
                try await tx.audit(AuditEntry(actor: session.person, action: .secondFactorFailed))
                return .failure(.wrongCode)
            }
            try await tx.sessions.clearFailures(key: key)
            try await tx.sessions.markSecondFactorPassed(tokenHash: session.tokenHash)
            return .success(())
        }
        try outcome.get()
    }
}
