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
        let organisation: Words =
            try await tx.organisation.profile().map { .verbatim($0.name) } ?? Words("email.yourOrganisation")
        let link = env.publicURL + Self.path(purpose, token: token)
        let (subject, body): (Words, Words) =
            switch purpose {
            case .activation:
                (
                    Words("email.activation.subject", ["organisation": .words(organisation)]),
                    Words("email.activation.body", ["organisation": .words(organisation), "link": .text(link)])
                )
            case .passwordReset:
                (Words("email.passwordReset.subject"), Words("email.passwordReset.body", ["link": .text(link)]))
            }
        try await tx.alerts.enqueue(
            OutboxEmail(
                id: env.ids.uuid(), to: person.email, subject: env.text(subject),
                body: env.emailBody([
                    Words("email.hello", ["name": .text(person.name)]), body, Words("email.notExpected"),
                ]),
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
            throw InvalidInput(field: "email", "access.email.someoneElseAlreadySignsIn")
        }
        let now = env.clock.now()
        try await tx.people.setEmail(person.id, email)
        try await tx.sessions.endAll(of: person.id, except: nil, at: now)
        try await tx.audit(
            AuditEntry(actor: actor, action: .emailChanged, subjectType: .person, subjectID: person.id.description))
        // Issue 13.3: links sent to the old address stop working (a wrong address the mail server
        // takes may be someone else's), and emails it refused are withdrawn (they would wait in
        // the outbox for ever). Someone yet to activate their account is sent a new link at the
        // new address. Alerts stay in Haven, where they were.
        let refused = try await tx.alerts.withdrawRefused(to: person.email, at: now)
        for purpose in [AccountTokenPurpose.activation, .passwordReset] {
            try await tx.accountTokens.revoke(person: person.id, purpose: purpose, at: now)
        }
        if try await tx.people.credentials(person.id)?.passwordHash.isEmpty == true {
            // Someone yet to activate has no sign-in to warn about: the new link is all they get.
            var moved = person
            moved.email = email
            try await AccountLinks(env: env).send(.activation, to: moved, by: actor, tx: tx)
            return
        }
        // Both addresses are told, unless the mail server refused the old one; the old one is
        // not told the new one (it may be a stranger's).
        try await tx.alerts.enqueue(
            AccountNotice.email(
                env, to: email, name: person.name, subject: Words("email.emailChanged.subject"),
                lines: [Words("email.emailChanged.body", ["email": .text(email)])], at: now))
        if person.email != email && refused == 0 {
            try await tx.alerts.enqueue(
                AccountNotice.email(
                    env, to: person.email, name: person.name, subject: Words("email.emailChanged.subject"),
                    lines: [Words("email.emailChanged.bodyToOld")], at: now))
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
                env, to: person.email, name: person.name, subject: Words("email.secondFactorRemoved.subject"),
                lines: [Words("email.secondFactorRemoved.body")], at: now))
    }
}
