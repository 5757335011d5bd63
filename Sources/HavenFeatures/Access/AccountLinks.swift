import Foundation
import HavenDomain

/// R1.2, R1.6: one-time links sent by email to the person themselves: activating a new account
/// (they choose their own password and second factor: nobody else ever knows them) and resetting
/// a password. Only the token's hash is kept; a newer link replaces any unused older one.
struct AccountLinks: Sendable {
    let env: HavenEnvironment

    static func path(_ purpose: AccountTokenPurpose, token: String) -> String {
        switch purpose {
        case .activation: "/account/activate/\(token)"
        case .passwordReset: "/account/reset-password/\(token)"
        }
    }

    func send(_ purpose: AccountTokenPurpose, to person: Person, by actor: PersonID?, tx: any Transaction) async throws
    {
        let now = env.clock.now()
        let token = SecretToken.encode(env.ids.randomBytes(32))
        try await tx.accountTokens.revoke(person: person.id, purpose: purpose, at: now)
        try await tx.accountTokens.insert(
            AccountToken(
                tokenHash: SecretToken.hash(token), person: person.id, purpose: purpose,
                createdAt: now, expiresAt: now.addingTimeInterval(purpose.lifetime)))
        let organisation = try await tx.organisation.profile()?.name ?? "your organisation"
        let link = env.publicURL + Self.path(purpose, token: token)
        let (subject, lines): (String, [String]) =
            switch purpose {
            case .activation:
                (
                    "Your Haven account for \(organisation)",
                    [
                        "Hello \(person.name),", "",
                        "An account has been made for you in Haven, where \(organisation) records safeguarding concerns.",
                        "Choose your password (and set up your authenticator app) here. The link works once, for 7 days:",
                        "", link,
                    ]
                )
            case .passwordReset:
                (
                    "Set a new Haven password",
                    [
                        "Hello \(person.name),", "", "Someone asked for a new password for your Haven account.",
                        "Choose one here. The link works once, for one hour, and signs you out everywhere else:", "",
                        link,
                    ]
                )
            }
        try await tx.alerts.enqueue(
            OutboxEmail(
                id: env.ids.uuid(), to: person.email, subject: subject,
                body: (lines + [
                    "",
                    "If you were not expecting this email, tell your Designated Safeguarding Lead and do not use the link.",
                ])
                .joined(separator: "\r\n"),
                createdAt: now, nextAttemptAt: now))
        try await tx.audit(
            AuditEntry(
                actor: actor, action: purpose == .activation ? .activationSent : .passwordResetSent,
                subjectType: .person, subjectID: person.id.description))
    }
}

/// R1.2: changes to one person's account, made at once or once a DSL has approved them.
struct AccountChanges: Sendable {
    let env: HavenEnvironment

    func changeEmail(_ person: Person, to email: String, by actor: PersonID?, tx: any Transaction) async throws {
        if let other = try await tx.people.credentials(email: email), other.person.id != person.id {
            throw InvalidInput(field: "email", "Someone else already signs in with this email address.")
        }
        let now = env.clock.now()
        try await tx.people.setEmail(person.id, email)
        try await tx.sessions.endAll(of: person.id, except: nil, at: now)
        try await tx.audit(
            AuditEntry(actor: actor, action: .emailChanged, subjectType: .person, subjectID: person.id.description))
        // Both addresses are told.
        for address in Set([person.email, email]) {
            try await tx.alerts.enqueue(
                AccountNotice.email(
                    env, to: address, name: person.name, subject: "Your Haven sign-in email was changed",
                    lines: [
                        "The email you sign in to Haven with is now \(email). You have been signed out everywhere."
                    ],
                    at: now))
        }
    }

    func removeSecondFactor(_ person: Person, by actor: PersonID?, tx: any Transaction) async throws {
        let now = env.clock.now()
        try await tx.people.setSecondFactor(person.id, secret: nil, recoveryCodeHashes: [])
        try await tx.sessions.endAll(of: person.id, except: nil, at: now)
        try await tx.audit(
            AuditEntry(
                actor: actor, action: .secondFactorRemoved, subjectType: .person, subjectID: person.id.description))
        try await tx.alerts.enqueue(
            AccountNotice.email(
                env, to: person.email, name: person.name, subject: "Your Haven second factor was removed",
                lines: [
                    "Your authenticator app no longer works for Haven, and you have been signed out everywhere.",
                    "Sign in with your password and set up your app again to read safeguarding records.",
                ], at: now))
    }
}
