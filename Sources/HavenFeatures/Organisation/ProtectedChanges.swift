import Foundation
import HavenDomain

/// R1.2: asks for, applies and announces the changes a DSL must approve. Every DSL is told of
/// each one, in the app and by email, when it is asked for and when it is decided.
struct ProtectedChanges: Sendable {
    let env: HavenEnvironment
    /// Everyone, and where their accounts stand: read on the pool before the writer, for naming
    /// people in messages and finding the DSLs to tell, so that no unit scans the people table.
    let people: [Person]
    let states: [PersonID: AccountState]

    static func prepared(_ env: HavenEnvironment) async throws -> ProtectedChanges {
        let (people, states) = try await env.read { tx in
            (try await tx.people.all(), try await tx.people.accountStates())
        }
        return ProtectedChanges(env: env, people: people, states: states)
    }

    /// Records `change` as waiting for a DSL and tells every DSL. `newcomer` is someone created
    /// in the same unit, not yet among `people`.
    func request(
        _ change: ProtectedChange, by requester: PersonID, newcomer: Person? = nil,
        tx: any Transaction
    ) async throws -> SafeguardingApproval {
        // The same change asked for again while it waits is the same request, not a second one.
        let pending = try await tx.approvals.pending()
        if let waiting = pending.first(where: { $0.change == change }) { return waiting }
        // Issue 12.7: an older request for the same thing is withdrawn, never approved after this one.
        for stale in pending where change.supersedes(stale.change) {
            try await tx.approvals.decide(stale.id, status: .withdrawn, by: requester, at: env.clock.now())
            try await tx.audit(
                AuditEntry(
                    actor: requester, action: .approvalWithdrawn, subjectType: .approval,
                    subjectID: stale.id.description))
        }
        let approval = SafeguardingApproval(
            id: ApprovalID(env.ids.uuid()), change: change, requestedBy: requester, requestedAt: env.clock.now())
        try await tx.approvals.insert(approval)
        try await tx.audit(
            AuditEntry(
                actor: requester, action: .approvalRequested, subjectType: .approval, subjectID: approval.id.description
            ))
        let people = self.people + (newcomer.map { [$0] } ?? [])
        let name = Self.names(people)
        let who = Self.identities(people, states: states)
        try await tellDSLs(
            Words(
                "email.approvalRequested.body",
                ["person": .words(name(requester)), "change": .words(change.describe(who, nameOnly: name))]),
            subject: Words("email.approvalRequested.subject"), people: people, tx: tx)
        return approval
    }

    /// Carries out an approved change, in the approving unit of work.
    func apply(_ change: ProtectedChange, approvedBy approver: PersonID, tx: any Transaction) async throws {
        let now = env.clock.now()
        switch change {
        case .grantRoles(let id, let roles):
            let person = try await activePerson(id, tx: tx, now: now)
            let held = person.roles(at: now)
            let added = roles.filter { !held.contains($0) }.map { RoleAssignment(role: $0, starts: now) }
            try await tx.people.setRoles(id, person.roleAssignments + added)
            try await tx.audit(
                AuditEntry(actor: approver, action: .rolesChanged, subjectType: .person, subjectID: id.description))
        case .siteLead(let siteID, _, let lead):
            // Still a DSL or deputy when approved: otherwise they could not open what they are sent.
            guard RoutingLink.canLeadASite(try await activePerson(lead, tx: tx, now: now).roles(at: now)) else {
                throw InvalidInput(field: "designatedLead", "organisation.designatedLead.mustBeALead")
            }
            guard var site = try await tx.organisation.sites().first(where: { $0.id == siteID }) else {
                throw AccessError.notFound
            }
            // Issue 12.7: a site closed since the lead was asked for needs no lead.
            guard site.closedAt == nil else {
                throw InvalidInput(field: "approval", "organisation.site.closedSinceAsked", ["site": .text(site.name)])
            }
            site.designatedLead = lead
            try await tx.organisation.saveSite(site)
            try await tx.audit(
                AuditEntry(
                    actor: approver, action: .organisationUpdated, subjectType: .site, subjectID: siteID.description))
        case .routing(let choice, let inbox):
            guard RoutingLink.choices.indices.contains(choice) else {
                throw InvalidInput(field: "routingChain", "organisation.routingChain.chooseOneOfTheAlert")
            }
            try await tx.organisation.saveRoutingChain(RoutingLink.choices[choice])
            try await tx.organisation.saveSharedInbox(inbox)
            try await tx.audit(
                AuditEntry(
                    actor: approver, action: .organisationUpdated, subjectType: .organisation, subjectID: "routing"))
        case .changeEmail(let id, let email, _):
            try await AccountChanges(env: env).changeEmail(
                try await activePerson(id, tx: tx, now: now), to: email, by: approver, tx: tx)
        case .resetPassword(let id):
            try await AccountLinks(env: env).send(
                .passwordReset, to: try await activePerson(id, tx: tx, now: now), by: approver, tx: tx)
        case .removeSecondFactor(let id):
            try await AccountChanges(env: env).removeSecondFactor(
                try await activePerson(id, tx: tx, now: now), by: approver, tx: tx)
        case .lineManager(let id, let manager):
            _ = try await activePerson(id, tx: tx, now: now)
            _ = try await activePerson(manager, tx: tx, now: now)
            try await tx.people.setLineManager(id, manager)
            try await tx.audit(
                AuditEntry(
                    actor: approver, action: .personDetailsChanged, subjectType: .person, subjectID: id.description))
        case .seniority(let id, let level):
            _ = try await activePerson(id, tx: tx, now: now)
            try await tx.people.setSeniority(id, level)
            try await tx.audit(
                AuditEntry(
                    actor: approver, action: .personDetailsChanged, subjectType: .person, subjectID: id.description))
        case .household(let id, let with):
            let person = try await activePerson(id, tx: tx, now: now)
            if let with {
                // A household only grows by joining: everyone now living with either lives with
                // both (nobody is taken out of a household except by asking for that).
                let other = try await activePerson(with, tx: tx, now: now)
                let everyone = try await tx.people.all()
                let key = other.household ?? person.household ?? env.ids.uuid().uuidString.lowercased()
                let members =
                    [person, other] + StaffHousehold.others(of: person, among: everyone)
                    + StaffHousehold.others(of: other, among: everyone)
                for member in members where member.household != key {
                    try await tx.people.setHousehold(member.id, key)
                }
                // Concerns already kept from one of them are kept from all of them now.
                try await tx.concerns.widenExclusions(toHousehold: members.map(\.id))
            } else {
                try await tx.people.setHousehold(id, nil)
            }
            try await tx.audit(
                AuditEntry(
                    actor: approver, action: .personDetailsChanged, subjectType: .person, subjectID: id.description))
        }
    }

    private func activePerson(_ id: PersonID, tx: any Transaction, now: Date) async throws -> Person {
        guard let person = try await tx.people.find(id) else { throw AccessError.notFound }
        guard person.isActive(at: now) else {
            throw InvalidInput(
                field: "person", "organisation.person.hasLeftTheirAccountIs", ["name": .text(person.name)])
        }
        return person
    }

    /// A note in the app and an email for every DSL (staff names and the change only).
    func tellDSLs(_ message: Words, subject: Words, people: [Person], tx: any Transaction) async throws {
        let now = env.clock.now()
        for dsl in people where dsl.holds(.dsl, at: now) {
            try await tx.notices.insert(
                Notice(
                    id: env.ids.uuid(), recipient: dsl.id, message: env.text(message), link: "/approvals",
                    createdAt: now))
            try await tx.alerts.enqueue(
                OutboxEmail(
                    id: env.ids.uuid(), to: dsl.email, subject: env.text(subject),
                    body: env.emailBody([
                        message, Words("email.seeApprovals", ["link": .text("\(env.publicURL)/approvals")]),
                        Words("email.noChildDetails"),
                    ]),
                    createdAt: now, nextAttemptAt: now))
        }
    }

    /// People's names for sentences about them, each set apart (Unicode first-strong isolate) so
    /// that a right-to-left name does not reorder the words around it, on a page or in an email.
    static func names(_ people: [Person]) -> (PersonID) -> Words {
        let names = Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return { names[$0].map(Words.isolated) ?? Words("person.noLongerOnRecord") }
    }

    /// The person a change is about, so that a DSL knows exactly whom they are approving: the
    /// name (names are not unique), the sign-in email, and whether they have set up their account.
    static func identities(_ people: [Person], states: [PersonID: AccountState]) -> (PersonID) -> Words {
        let byID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return { id in
            guard let person = byID[id] else { return Words("person.noLongerOnRecord") }
            let arguments: [String: Words.Argument] = [
                "name": .words(.isolated(person.name)), "email": .text(person.email),
            ]
            let activated = states[id].map(\.activated) ?? true
            return Words(activated ? "organisation.identity" : "organisation.identityNotActivated", arguments)
        }
    }
}
