import Foundation
import HavenDomain

/// R1.6: a new authenticator secret and the recovery codes that go with it, shown once.
public struct SecondFactorEnrolment: Sendable {
    public let secret: [UInt8]
    public let recoveryCodes: [String]

    public init(secret: [UInt8], recoveryCodes: [String]) {
        self.secret = secret
        self.recoveryCodes = recoveryCodes
    }

    public var secretText: String { Base32.encode(secret) }
}

/// R1.6: sets up (or replaces) a person's TOTP second factor. The person proves their app works
/// by entering a current code before anything is saved; the recovery codes are stored as hashes.
public struct EnrolSecondFactor: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// A fresh secret and codes to show the person; nothing is saved yet.
    public func propose() -> SecondFactorEnrolment {
        SecondFactorEnrolment(secret: env.ids.randomBytes(20), recoveryCodes: (0..<10).map { _ in SecretToken.recoveryCode(env.ids.randomBytes(10)) })
    }

    /// Saves the enrolment once `code` proves the person's app holds the secret.
    public func confirm(_ enrolment: SecondFactorEnrolment, code: String?, session: Session) async throws {
        let now = env.clock.now()
        guard let step = TOTPCode.matchingStep(code ?? "", secret: enrolment.secret, at: now, lastUsedStep: nil) else {
            throw InvalidInput(field: "code", "That code doesn't match. Check the time on your phone and try the newest code.")
        }
        try await env.write { tx in
            try await tx.people.setSecondFactor(session.person, secret: enrolment.secret,
                                                recoveryCodeHashes: enrolment.recoveryCodes.map { SecretToken.hash(SecretToken.normaliseRecoveryCode($0)) })
            try await tx.people.recordTOTPStep(session.person, step: step)
            try await tx.sessions.markSecondFactorPassed(tokenHash: session.tokenHash)
            try await tx.audit(AuditEntry(actor: session.person, action: .secondFactorEnrolled))
        }
    }
}
