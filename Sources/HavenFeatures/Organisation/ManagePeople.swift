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

    /// R1.2: adds a person with a password of at least 12 characters and roles starting now.
    public func create(name: String?, email: String?, password: String?, kind: String?, roles: [String],
                       lineManager: PersonID? = nil, seniority: Int = 0, by actor: Actor?) async throws -> Person {
        if let actor { try actor.require(.managePeople) }
        var errors: [FieldError] = []
        let name = cleaned(name), email = EmailAddress.validated(email), password = password ?? ""
        if name == nil { errors.append(.init(field: "name", message: "Enter the person's name.")) }
        if email == nil { errors.append(.init(field: "email", message: "Enter one email address, like name@example.org.")) }
        if password.count < 12 { errors.append(.init(field: "password", message: "Use a password of at least 12 characters.")) }
        let kind = PersonKind(rawValue: kind ?? "staff")
        if kind == nil { errors.append(.init(field: "kind", message: "Choose staff, volunteer, contractor or partner agency.")) }
        let parsedRoles = roles.map { Role(rawValue: $0) }
        if parsedRoles.contains(nil) { errors.append(.init(field: "roles", message: "One of the roles is not one Haven knows.")) }
        try InvalidInput.check(errors)
        let now = env.clock.now()
        var assignments = [RoleAssignment(role: .reporter, starts: now)]
        for role in parsedRoles.compactMap({ $0 }) where role != .reporter { assignments.append(RoleAssignment(role: role, starts: now)) }
        let person = Person(id: PersonID(env.ids.uuid()), name: name!, email: email!, kind: kind!, roleAssignments: assignments,
                            lineManagerID: lineManager, seniority: seniority)
        let hash = try env.passwords.hash(password)
        try await env.write { tx in
            if try await tx.people.credentials(email: email!) != nil {
                throw InvalidInput(field: "email", "Someone with this email address already exists.")
            }
            try await tx.people.create(person, passwordHash: hash)
            try await tx.audit(AuditEntry(actor: actor?.person, action: .personCreated, subjectType: "person", subjectID: person.id.description))
        }
        return person
    }

    /// R1.2: ends roles no longer held (keeping their history) and starts new ones.
    public func setRoles(_ id: PersonID, to roles: Set<Role>, by actor: Actor?) async throws {
        if let actor { try actor.require(.managePeople) }
        let now = env.clock.now()
        try await env.write { tx in
            guard let person = try await tx.people.find(id) else { throw AccessError.notFound }
            let held = person.roles(at: now)
            var assignments = person.roleAssignments.map { assignment in
                assignment.isActive(at: now) && !roles.contains(assignment.role)
                    ? RoleAssignment(role: assignment.role, starts: assignment.starts, ends: now) : assignment
            }
            for role in roles.subtracting(held) { assignments.append(RoleAssignment(role: role, starts: now)) }
            try await tx.people.setRoles(id, assignments)
            try await tx.audit(AuditEntry(actor: actor?.person, action: .rolesChanged, subjectType: "person", subjectID: id.description))
        }
    }
}

/// R1.3: a DSL, deputy or manager marks themselves away or back; alerts skip them while away.
public struct SetAvailability: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(unavailable: Bool, by actor: Actor) async throws {
        try actor.require(.setOwnAvailability)
        try await env.write { tx in
            try await tx.people.setAvailability(actor.person, unavailable: unavailable)
            try await tx.audit(AuditEntry(actor: actor.person, action: .availabilityChanged, subjectType: "person",
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
