import Foundation
import HavenDomain

/// R1.6: a new authenticator secret and the recovery codes that go with it, made by Haven (never
/// by the browser) and bound to the session until the person confirms them.
public struct SecondFactorEnrolment: Sendable, Equatable {
    public let secret: [UInt8]
    public let recoveryCodes: [String]
    public let createdAt: Date

    public init(secret: [UInt8], recoveryCodes: [String], createdAt: Date) {
        self.secret = secret
        self.recoveryCodes = recoveryCodes
        self.createdAt = createdAt
    }

    public var secretText: String { Base32.encode(secret) }
}

/// R1.6: sets up (or replaces) a person's TOTP second factor. Haven makes the secret and ten
/// recovery codes and keeps them with the session; the person proves their app holds the secret
/// with a current code before anything is saved. Replacing a factor someone already has needs
/// their password and their current factor too, ends their other sessions and tells them by email.
public struct EnrolSecondFactor: Sendable {
    let env: HavenEnvironment
    /// How long a proposal shown on the page stays valid.
    public static let proposalLifetime: TimeInterval = 15 * 60

    public init(_ env: HavenEnvironment) { self.env = env }

    /// The enrolment this session is to confirm: the one it was shown, while fresh, else a new one.
    public func propose(session: Session) async throws -> SecondFactorEnrolment {
        let now = env.clock.now()
        let pending = try await env.read { tx in try await tx.sessions.pendingEnrolment(tokenHash: session.tokenHash) }
        if let pending, now.timeIntervalSince(pending.createdAt) < Self.proposalLifetime { return pending }
        let proposal = SecondFactorEnrolment(
            secret: env.ids.randomBytes(20),
            recoveryCodes: (0..<10).map { _ in SecretToken.recoveryCode(env.ids.randomBytes(10)) }, createdAt: now)
        try await env.write { tx in try await tx.sessions.savePendingEnrolment(proposal, tokenHash: session.tokenHash) }
        return proposal
    }

    /// Saves the enrolment once `code` proves the person's app holds the secret. Returns the
    /// session's new token (the session has now passed the second factor).
    public func confirm(session: Session, code: String?, password: String?, currentCode: String?) async throws -> String
    {
        let now = env.clock.now()
        let (found, credentials) = try await env.read { tx in
            (
                try await tx.sessions.pendingEnrolment(tokenHash: session.tokenHash),
                try await tx.people.credentials(session.person)
            )
        }
        guard let pending = found, now.timeIntervalSince(pending.createdAt) < Self.proposalLifetime else {
            throw InvalidInput(
                field: "code", "access.code.thisSetupHasExpiredScan")
        }
        guard let credentials else { throw AccessError.notSignedIn }
        let replacing = credentials.totpSecret != nil
        var errors: [FieldError] = []
        if replacing,
            !(try await ConfirmPassword(env: env)(
                // words: not shown (an audit record)
                password, credentials: credentials, reason: "second factor replacement"))
        {
            errors.append(FieldError(field: "password", message: Words("access.password.enterYourPasswordToReplace")))
        }
        guard let step = TOTPCode.matchingStep(code ?? "", secret: pending.secret, at: now, lastUsedStep: nil) else {
            throw InvalidInput(
                errors + [
                    FieldError(
                        field: "code", message: Words("access.code.thatCodeDoesntMatchCheck"))
                ])
        }
        try InvalidInput.check(errors)
        let newToken = SecretToken.encode(env.ids.randomBytes(32))
        let outcome: Result<Void, InvalidInput> = try await env.write { tx in
            if replacing {
                guard let current = try await tx.people.credentials(session.person),
                    let currentCode = cleaned(currentCode),
                    try await PassSecondFactor.check(currentCode, credentials: current, tx: tx, now: now)
                else {
                    try await tx.audit(AuditEntry(actor: session.person, action: .secondFactorFailed))
                    return .failure(
                        InvalidInput(
                            field: "currentCode", "access.currentCode.enterACodeFromYour"))
                }
            }
            try await tx.people.setSecondFactor(
                session.person, secret: pending.secret,
                recoveryCodeHashes: pending.recoveryCodes.map {
                    SecretToken.hash(SecretToken.normaliseRecoveryCode($0))
                })
            try await tx.people.recordTOTPStep(session.person, step: step)
            try await tx.sessions.deletePendingEnrolment(tokenHash: session.tokenHash)
            try await tx.sessions.passSecondFactor(
                tokenHash: session.tokenHash, newTokenHash: SecretToken.hash(newToken))
            try await tx.audit(
                AuditEntry(
                    actor: session.person, action: .secondFactorEnrolled, reason: replacing ? "replaced" : "first"))
            if replacing {
                try await tx.sessions.endAll(of: session.person, except: SecretToken.hash(newToken), at: now)
                try await tx.alerts.enqueue(
                    AccountNotice.email(
                        env, to: credentials.person.email, name: credentials.person.name,
                        subject: Words("email.secondFactorReplaced.subject"),
                        lines: [Words("email.secondFactorReplaced.body")], at: now))
            }
            return .success(())
        }
        try outcome.get()
        return newToken
    }
}
