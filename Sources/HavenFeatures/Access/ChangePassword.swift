import Foundation
import HavenDomain

/// R1.6: a person changes their own password, giving their current one. Their other sessions end
/// and they are told by email. Wrong current passwords count towards the sign-in throttle.
public struct ChangePassword: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(session: Session, current: String?, new: String?, confirmation: String?) async throws {
        let now = env.clock.now()
        guard let credentials = try await env.read({ tx in try await tx.people.credentials(session.person) }) else {
            throw AccessError.notSignedIn
        }
        // words: not shown (an audit record)
        guard try await ConfirmPassword(env: env)(current, credentials: credentials, reason: "password change") else {
            throw InvalidInput(field: "currentPassword", "access.currentPassword.thatIsntYourCurrentPassword")
        }
        let key = SignIn.accountKey(email: credentials.person.email)
        var errors = PasswordRule.problems(
            new, field: "newPassword", name: credentials.person.name, email: credentials.person.email)
        if errors.isEmpty && new == current {
            errors.append(
                FieldError(field: "newPassword", message: Words("access.newPassword.chooseAPasswordDifferentFrom")))
        }
        if errors.isEmpty && new != confirmation {
            errors.append(
                FieldError(
                    field: "confirmPassword", message: Words("access.confirmPassword.theTwoNewPasswordsAre")))
        }
        try InvalidInput.check(errors)
        let passwords = env.passwords
        let chosen = new!
        let hash = try await PasswordWork.run { try passwords.hash(chosen) }
        try await env.write { tx in
            try await tx.people.setPasswordHash(session.person, hash)
            try await tx.sessions.endAll(of: session.person, except: session.tokenHash, at: now)
            try await tx.sessions.clearFailures(key: key)
            try await tx.audit(
                AuditEntry(
                    actor: session.person, action: .passwordSet, subjectType: .person,
                    subjectID: session.person.description,
                    reason: "changed"))
            try await tx.alerts.enqueue(
                AccountNotice.email(
                    env, to: credentials.person.email, name: credentials.person.name,
                    subject: Words("email.passwordChanged.subject"), lines: [Words("email.passwordChanged.body")],
                    at: now))
        }
    }
}

/// R1.6: a forgotten password. If the email belongs to someone who can sign in, a one-time link
/// to choose a new password goes to that address; the answer is the same either way, so it
/// does not tell which emails have accounts. At most three links an hour go to one address.
public struct ForgotPassword: Sendable {
    let env: HavenEnvironment
    public static let linksPerHour = 3

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(email: String?) async throws {
        guard let address = EmailAddress.validated(email) else {
            throw InvalidInput(field: "email", "access.email.enterTheEmailAddressYou")
        }
        let now = env.clock.now()
        let key = "reset:\(address)"
        let links = AccountLinks(env: env)
        try await env.write { tx in
            let recent = try await tx.sessions.failures(key: key, since: now.addingTimeInterval(-3600))
            try await tx.sessions.recordFailure(key: key, at: now)
            guard recent.count < Self.linksPerHour, let credentials = try await tx.people.credentials(email: address),
                credentials.person.isActive(at: now), !credentials.passwordHash.isEmpty
            else { return }
            try await links.send(.passwordReset, to: credentials.person, by: nil, tx: tx)
        }
    }
}
