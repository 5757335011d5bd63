import Foundation
import HavenDomain

/// R1.2: the people who use Haven, their roles (with dates) and their line managers.
public struct ManagePeople: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func list(by actor: Actor) async throws -> [Person] {
        try actor.require(.managePeople)
        return try await env.read { tx in try await tx.people.all() }
    }

    /// People listed at once; more follow a page at a time.
    public static let pageSize = 100

    /// R1.2: a page of people in order of their names, with whether each has activated their account and set up
    /// a second factor, after the person `after` (the first page if nil); and the person the next
    /// page starts after, if there is one.
    public func accounts(after: PersonID? = nil, by actor: Actor) async throws
        -> (accounts: [(Person, AccountState)], next: PersonID?)
    {
        try actor.require(.managePeople)
        let size = Self.pageSize
        // One more than a page, to know whether another follows.
        // A link naming nobody on record leads nowhere.
        guard let found = try await env.read({ tx in try await tx.people.accounts(after: after, limit: size + 1) })
        else { throw AccessError.notFound }
        let page = Array(found.prefix(size))
        return (page, found.count > size ? page.last?.0.id : nil)
    }

    /// R1.2: adds a person from the server's command line (or the demo), with a password the
    /// operator sets and roles starting now. In Haven itself nobody sets another person's
    /// password: an administrator invites them (`invite`) and they choose their own.
    public func create(
        name: String?, email: String?, password: String?, kind: String?, roles: [String],
        lineManager: PersonID? = nil, seniority: Int = 0, by actor: Actor?
    ) async throws -> Person {
        if actor != nil { throw AccessError.forbidden }
        let (name, email, kind, parsedRoles) = try Self.validated(
            name: name, email: email, kind: kind, roles: roles,
            extra: PasswordRule.problems(password, field: "password"))
        let now = env.clock.now()
        let person = Person(
            id: PersonID(env.ids.uuid()), name: name, email: email, kind: kind,
            roleAssignments: ([.reporter] + parsedRoles.subtracting([.reporter]).sorted()).map {
                RoleAssignment(role: $0, starts: now)
            },
            lineManagerID: lineManager, seniority: seniority)
        let passwords = env.passwords
        let chosen = password ?? ""
        let hash = try await PasswordWork.run { try passwords.hash(chosen) }
        try await env.write { tx in
            if try await tx.people.credentials(email: email) != nil {
                throw InvalidInput(field: "email", "organisation.email.someoneWithThisEmailAddress")
            }
            try await tx.people.create(person, passwordHash: hash)
            try await tx.audit(
                AuditEntry(actor: nil, action: .personCreated, subjectType: .person, subjectID: person.id.description))
        }
        return person
    }

    /// R1.2: an administrator adds a person. They get a one-time link by email to choose their own
    /// password and second factor. Roles that give need-to-know wait for a DSL's approval; the
    /// others start now.
    public func invite(name: String?, email: String?, kind: String?, roles: [String], by actor: Actor) async throws
        -> RoleChange
    {
        try actor.require(.managePeople)
        let (name, email, kind, parsedRoles) = try Self.validated(
            name: name, email: email, kind: kind, roles: roles, extra: [])
        let now = env.clock.now()
        let waiting = ApprovalRule.rolesNeedingApproval(requested: parsedRoles, held: [])
        let person = Person(
            id: PersonID(env.ids.uuid()), name: name, email: email, kind: kind,
            roleAssignments: ([.reporter] + parsedRoles.subtracting(waiting).subtracting([.reporter]).sorted())
                .map { RoleAssignment(role: $0, starts: now) })
        let changes = try await ProtectedChanges.prepared(env)
        let links = AccountLinks(env: env)
        return try await env.write { tx in
            if try await tx.people.credentials(email: email) != nil {
                throw InvalidInput(field: "email", "organisation.email.someoneWithThisEmailAddress")
            }
            // No password anyone knows: the account cannot be signed in to until its link is used.
            try await tx.people.create(person, passwordHash: "")
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .personCreated, subjectType: .person, subjectID: person.id.description)
            )
            try await links.send(.activation, to: person, by: actor.person, tx: tx)
            var approval: ApprovalID?
            if !waiting.isEmpty {
                approval = try await changes.request(
                    .grantRoles(person: person.id, roles: waiting.sorted()), by: actor.person, newcomer: person, tx: tx
                ).id
            }
            return RoleChange(person: person.id, pending: waiting, approval: approval)
        }
    }

    static func validated(name: String?, email: String?, kind: String?, roles: [String], extra: [FieldError]) throws
        -> (String, String, PersonKind, Set<Role>)
    {
        var errors: [FieldError] = []
        let name = cleaned(name)
        let email = EmailAddress.validated(email)
        if name == nil { errors.append(.init(field: "name", message: Words("organisation.name.enterThePersonsName"))) }
        // A name goes into emails and notes: no line breaks, control characters or direction marks.
        if let name, NameText.hasHiddenCharacters(name) {
            errors.append(.init(field: "name", message: Words("organisation.name.aNameCantContainLine")))
        }
        if let name, name.count > 200 {
            // How long it is, since the box shows only the start of it.
            errors.append(
                .init(
                    field: "name",
                    message: Words("organisation.name.useAtMost200Characters", ["length": .text(String(name.count))])))
        }
        if email == nil {
            errors.append(.init(field: "email", message: Words("organisation.email.enterOneEmailAddressLike")))
        }
        errors += extra
        let kind = PersonKind(rawValue: kind ?? "staff")
        if kind == nil {
            errors.append(.init(field: "kind", message: Words("organisation.kind.chooseStaffVolunteerContractorOr")))
        }
        let parsed = roles.map { Role(rawValue: $0) }
        if parsed.contains(nil) {
            errors.append(.init(field: "roles", message: Words("organisation.roles.oneOfTheRolesIs")))
        }
        try InvalidInput.check(errors)
        return (name!, email!, kind!, Set(parsed.compactMap { $0 }))
    }

    /// R1.2: ends roles no longer held (keeping their history) and starts new ones. From Haven,
    /// nobody changes their own roles, and roles that give need-to-know wait for a DSL other than
    /// the person asking; from the server's command line (`actor` nil) every change applies now.
    @discardableResult
    public func setRoles(_ id: PersonID, to roles: Set<Role>, by actor: Actor?) async throws -> RoleChange {
        if let actor {
            try actor.require(.managePeople)
            guard ApprovalRule.mayChangeRoles(of: id, requester: actor.person) else {
                throw InvalidInput(field: "roles", "organisation.roles.youCantChangeYourOwn")
            }
        }
        let now = env.clock.now()
        let changes = try await ProtectedChanges.prepared(env)
        return try await env.write { tx in
            guard let person = try await tx.people.find(id) else { throw AccessError.notFound }
            guard person.isActive(at: now) else {
                throw InvalidInput(
                    field: "roles", "organisation.roles.hasLeftTheirAccountIs", ["name": .text(person.name)])
            }
            let held = person.roles(at: now)
            let waiting = actor == nil ? [] : ApprovalRule.rolesNeedingApproval(requested: roles, held: held)
            let granted = roles.subtracting(waiting)
            var assignments = person.roleAssignments.map { assignment in
                assignment.isActive(at: now) && !granted.contains(assignment.role) && !waiting.contains(assignment.role)
                    ? RoleAssignment(role: assignment.role, starts: assignment.starts, ends: now) : assignment
            }
            for role in granted.subtracting(held) { assignments.append(RoleAssignment(role: role, starts: now)) }
            if assignments != person.roleAssignments {
                try await tx.people.setRoles(id, assignments)
                try await tx.audit(
                    AuditEntry(
                        actor: actor?.person, action: .rolesChanged, subjectType: .person, subjectID: id.description))
            }
            // R1.2: removing a need-to-know role takes effect at once (it only takes access away),
            // but every DSL is told, so that it is never done unseen.
            let removed = held.subtracting(roles).filter(\.givesNeedToKnow)
            if let actor, !removed.isEmpty {
                let name = ProtectedChanges.names(changes.people)
                try await changes.tellDSLs(
                    Words(
                        "email.rolesEnded.body",
                        [
                            "actor": .words(name(actor.person)), "person": .words(name(id)),
                            "count": .number(removed.count), "roles": .words(.list(removed.sorted().map(\.title))),
                        ]),
                    subject: Words("email.rolesEnded.subject"), people: changes.people, tx: tx)
            }
            var approval: ApprovalID?
            if let actor, !waiting.isEmpty {
                approval = try await changes.request(
                    .grantRoles(person: id, roles: waiting.sorted()), by: actor.person, tx: tx
                ).id
            }
            return RoleChange(person: id, pending: waiting, approval: approval)
        }
    }
}

/// R1.2: what became of a change to someone's roles: some may wait for a DSL's approval.
public struct RoleChange: Sendable {
    public let person: PersonID
    /// Roles that give need-to-know and wait for a DSL other than the person who asked.
    public let pending: Set<Role>
    public let approval: ApprovalID?
}

/// R1.3: a DSL, deputy or manager marks themselves away or back; alerts skip them while away.
public struct SetAvailability: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(unavailable: Bool, by actor: Actor) async throws {
        try actor.require(.setOwnAvailability)
        try await env.write { tx in
            try await tx.people.setAvailability(actor.person, unavailable: unavailable)
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .availabilityChanged, subjectType: .person,
                    subjectID: actor.person.description, reason: unavailable ? "unavailable" : "available"))
        }
    }
}

/// R2.5: the in-app alerts routed to the signed-in person (references only, no child details).
public struct MyAlerts: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(by actor: Actor) async throws -> [InAppAlert] {
        try await env.read { tx in try await tx.alerts.alerts(for: actor.person, limit: 50) }
    }
}
