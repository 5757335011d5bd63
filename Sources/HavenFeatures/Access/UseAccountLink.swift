import Foundation
import HavenDomain

/// R1.2, R1.6: a person follows their one-time link (activating a new account, or a password
/// reset) and chooses their own password. The link then stops working, every other session of
/// theirs ends, and they are signed in (with a password only: the second factor comes next).
public struct UseAccountLink: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// Who a usable link is for (to greet them by name); `notFound` if it is unknown, used or expired.
    public func check(_ token: String, purpose: AccountTokenPurpose) async throws -> Person {
        let now = env.clock.now()
        return try await env.read { tx in
            try await Self.usable(token, purpose: purpose, tokens: tx.accountTokens, people: tx.people, now: now)
        }
    }

    public func setPassword(_ token: String, purpose: AccountTokenPurpose, password: String?, confirmation: String?)
        async throws -> SignedIn
    {
        let now = env.clock.now()
        let person = try await check(token, purpose: purpose)
        var errors = PasswordRule.problems(password, field: "password", name: person.name, email: person.email)
        if errors.isEmpty && password != confirmation {
            errors.append(
                FieldError(
                    field: "confirmPassword", message: Words("access.confirmPassword.theTwoPasswordsAreNot")))
        }
        try InvalidInput.check(errors)
        // Hashed before the writer: bcrypt must never hold up other people's records.
        let passwords = env.passwords
        let chosen = password!
        let hash = try await PasswordWork.run { try passwords.hash(chosen) }
        let sessionToken = SecretToken.encode(env.ids.randomBytes(32))
        let csrf = SecretToken.encode(env.ids.randomBytes(24))
        return try await env.write { tx in
            let person = try await Self.usable(
                token, purpose: purpose, tokens: tx.accountTokens, people: tx.people, now: now)
            try await tx.accountTokens.markUsed(tokenHash: SecretToken.hash(token), at: now)
            try await tx.people.setPasswordHash(person.id, hash)
            try await tx.sessions.endAll(of: person.id, except: nil, at: now)
            let session = Session(
                tokenHash: SecretToken.hash(sessionToken), person: person.id, csrfToken: csrf,
                secondFactorPassed: false,
                createdAt: now, expiresAt: now.addingTimeInterval(SignIn.sessionLifetime))
            try await tx.sessions.create(session)
            try await tx.audit(
                AuditEntry(
                    actor: person.id, action: .passwordSet, subjectType: .person, subjectID: person.id.description,
                    reason: purpose.rawValue))
            let credentials = try await tx.people.credentials(person.id)
            return SignedIn(
                token: sessionToken, session: session, person: person, hasSecondFactor: credentials?.totpSecret != nil)
        }
    }

    private static func usable(
        _ token: String, purpose: AccountTokenPurpose, tokens: any AccountTokenReads, people: any PersonReads,
        now: Date
    ) async throws -> Person {
        guard token.utf8.count <= 100, let record = try await tokens.find(tokenHash: SecretToken.hash(token)),
            record.purpose == purpose, record.isUsable(at: now),
            let person = try await people.find(record.person), person.isActive(at: now)
        else { throw AccessError.notFound }
        return person
    }
}
