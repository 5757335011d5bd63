import Foundation
import HavenDomain

/// R1.2: what an administrator can do to someone's account besides their roles. Changing their
/// email, resetting their password or removing their second factor waits for a DSL's approval,
/// whoever they are: each would let an administrator take the account over, and every account
/// can read concerns (the ones it recorded or was delegated) or be given a role that can. Leavers
/// are deactivated: their sessions end at once, they cannot sign in, and they are never routed to.
public struct ManageAccounts: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// Done now, or waiting for a DSL's approval.
    public enum Outcome: Equatable, Sendable {
        case done
        case waitingForApproval(ApprovalID)
    }

    public func changeEmail(_ id: PersonID, to email: String?, by actor: Actor) async throws -> Outcome {
        try actor.require(.managePeople)
        guard let address = EmailAddress.validated(email) else {
            throw InvalidInput(field: "email", "organisation.email.enterOneEmailAddressLike")
        }
        // Said now, to the administrator who can change it, not only when a DSL approves.
        if let other = try await env.unitOfWork.read({ tx in try await tx.people.credentials(email: address) }),
            other.person.id != id
        {
            throw InvalidInput(field: "email", "access.email.someoneElseAlreadySignsIn")
        }
        // The address it replaces is kept with the request: once made, the history of approvals
        // still says what it was (an account taken over by moving its email is traced from it).
        return try await protected(id, by: actor) { .changeEmail(person: id, email: address, from: $0.email) }
    }

    public func sendPasswordReset(_ id: PersonID, by actor: Actor) async throws -> Outcome {
        try actor.require(.managePeople)
        return try await protected(id, by: actor) { _ in .resetPassword(person: id) }
    }

    public func removeSecondFactor(_ id: PersonID, by actor: Actor) async throws -> Outcome {
        try actor.require(.managePeople)
        return try await protected(id, by: actor) { _ in .removeSecondFactor(person: id) }
    }

    /// Sends a new activation link to someone who has not activated their account yet.
    public func resendActivation(_ id: PersonID, by actor: Actor) async throws {
        try actor.require(.managePeople)
        try await env.write { tx in
            guard let credentials = try await tx.people.credentials(id),
                credentials.person.isActive(at: env.clock.now())
            else { throw AccessError.notFound }
            guard credentials.passwordHash.isEmpty else {
                throw InvalidInput(
                    field: "person", "organisation.person.hasAlreadyActivatedTheirAccount",
                    ["name": .text(credentials.person.name)])
            }
            try await AccountLinks(env: env).send(.activation, to: credentials.person, by: actor.person, tx: tx)
        }
    }

    /// R1.2: a leaver. Their sessions end at once; they cannot sign in or be routed to; their
    /// roles end; their open actions and delegated concerns are listed for the DSL to hand on.
    public func deactivate(_ id: PersonID, by actor: Actor) async throws {
        try actor.require(.managePeople)
        guard id != actor.person else {
            throw InvalidInput(field: "person", "organisation.person.youCantDeactivateYourOwn")
        }
        let now = env.clock.now()
        let changes = try await ProtectedChanges.prepared(env)
        try await env.write { tx in
            guard let person = try await tx.people.find(id) else { throw AccessError.notFound }
            guard person.isActive(at: now) else { return }
            try await tx.people.setRoles(
                id,
                person.roleAssignments.map {
                    $0.isActive(at: now) ? RoleAssignment(role: $0.role, starts: $0.starts, ends: now) : $0
                })
            try await tx.people.deactivate(id, at: now)
            try await tx.sessions.endAll(of: id, except: nil, at: now)
            for purpose in [AccountTokenPurpose.activation, .passwordReset] {
                try await tx.accountTokens.revoke(person: id, purpose: purpose, at: now)
            }
            // Issue 13.3: what the mail server refused for a leaver (a mailbox closed when they
            // left) is withdrawn: it would wait in the outbox for ever.
            _ = try await tx.alerts.withdrawRefused(to: person.email, at: now)
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .personDeactivated, subjectType: .person, subjectID: id.description))
            let name = ProtectedChanges.names(changes.people)
            try await changes.tellDSLs(
                Words(
                    "email.deactivated.body",
                    ["actor": .words(name(actor.person)), "person": .words(.isolated(person.name))]),
                subject: Words("email.deactivated.subject"), people: changes.people, tx: tx)
        }
    }

    /// Ends every session of the person (an administrator's "end all their sessions").
    public func endSessions(_ id: PersonID, by actor: Actor) async throws {
        try actor.require(.managePeople)
        try await env.write { tx in
            guard try await tx.people.find(id) != nil else { throw AccessError.notFound }
            try await tx.sessions.endAll(of: id, except: nil, at: env.clock.now())
            try await tx.audit(
                AuditEntry(actor: actor.person, action: .sessionsEnded, subjectType: .person, subjectID: id.description)
            )
        }
    }

    /// A change asked of a DSL (it is applied when one approves), made from the person as they are
    /// when it is asked for. Nobody changes their own account this way (they use their own
    /// account page).
    private func protected(
        _ id: PersonID, by actor: Actor, change: @escaping @Sendable (Person) -> ProtectedChange
    ) async throws -> Outcome {
        guard id != actor.person else {
            throw InvalidInput(field: "person", "organisation.person.changeYourOwnAccountFrom")
        }
        let now = env.clock.now()
        let changes = try await ProtectedChanges.prepared(env)
        return try await env.write { tx in
            guard let person = try await tx.people.find(id) else { throw AccessError.notFound }
            guard person.isActive(at: now) else {
                throw InvalidInput(
                    field: "person", "organisation.person.hasLeftTheirAccountIs", ["name": .text(person.name)])
            }
            return .waitingForApproval(try await changes.request(change(person), by: actor.person, tx: tx).id)
        }
    }
}

/// R1.2: a person ends their own other sessions ("sign me out everywhere else").
public struct EndMyOtherSessions: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ session: Session) async throws {
        try await env.write { tx in
            try await tx.sessions.endAll(of: session.person, except: session.tokenHash, at: env.clock.now())
            try await tx.audit(
                AuditEntry(
                    actor: session.person, action: .sessionsEnded, subjectType: .person,
                    subjectID: session.person.description))
        }
    }
}
