import Foundation
import HavenDomain

/// Issue 12.7, R1.2, R1.3: what happened to a change of someone's details.
public struct DetailsChange: Sendable {
    /// The parts waiting for a DSL's approval, if any.
    public let approvals: [ApprovalID]
}

/// Issue 12.7, R1.2, R1.3: an administrator sets what kind of worker someone is (staff,
/// volunteer, contractor, partner agency), their line manager and their seniority. The kind
/// changes at once. A line manager is sent the concerns the person records when no safeguarding
/// lead can take them, and the most senior director or case manager likewise, so naming a line
/// manager, or changing the seniority of someone ranked by it, waits for a DSL other than the
/// person asking (and other than the one who would be sent concerns). Taking a line manager
/// away only takes access away: it applies at once.
public struct ChangePersonDetails: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// `lineManager` is the manager's sign-in email (empty for none); `seniority` a whole number;
    /// `household` the sign-in email of someone here the person lives with (empty for nobody;
    /// nil when not asked, which changes nothing).
    @discardableResult
    public func callAsFunction(
        _ id: PersonID, kind: String?, lineManager: String?, seniority: String?, household: String? = nil,
        by actor: Actor
    ) async throws -> DetailsChange {
        try actor.require(.managePeople)
        let now = env.clock.now()
        let changes = try await ProtectedChanges.prepared(env)
        // Problems in the order the form asks.
        var errors: [FieldError] = []
        let kind = PersonKind(rawValue: cleaned(kind) ?? "")
        if kind == nil {
            errors.append(.init(field: "kind", message: Words("organisation.kind.chooseStaffVolunteerContractorOr")))
        }
        var manager: Person?
        if let email = cleaned(lineManager) {
            let address = EmailAddress.validated(email)?.lowercased()
            manager = changes.people.first { $0.email.lowercased() == address && $0.isActive(at: now) }
            if manager == nil {
                errors.append(
                    .init(field: "lineManager", message: Words("organisation.lineManager.nobodyWithThatEmail")))
            } else if manager?.id == id {
                errors.append(.init(field: "lineManager", message: Words("organisation.lineManager.notThemselves")))
            }
        }
        var livesWith: Person?
        if let email = cleaned(household) {
            let address = EmailAddress.validated(email)?.lowercased()
            livesWith = changes.people.first { $0.email.lowercased() == address && $0.isActive(at: now) }
            if livesWith == nil {
                errors.append(.init(field: "household", message: Words("organisation.lineManager.nobodyWithThatEmail")))
            } else if livesWith?.id == id {
                errors.append(.init(field: "household", message: Words("organisation.household.notThemselves")))
            }
        }
        let level = cleaned(seniority).map { Int($0) } ?? 0
        if level.map({ !Person.seniorities.contains($0) }) ?? true {
            errors.append(
                .init(
                    field: "seniority",
                    message: Words(
                        "organisation.seniority.aWholeNumber", ["most": .number(Person.seniorities.upperBound)])
                ))
        }
        try InvalidInput.check(errors)
        let asked = (kind: kind!, manager: manager?.id, level: level!, livesWith: livesWith?.id)
        return try await env.write { tx in
            guard let person = try await tx.people.find(id) else { throw AccessError.notFound }
            guard person.isActive(at: now) else {
                throw InvalidInput(
                    field: "kind", "organisation.roles.hasLeftTheirAccountIs", ["name": .text(person.name)])
            }
            var changed = false
            if asked.kind != person.kind {
                try await tx.people.setKind(id, asked.kind)
                changed = true
            }
            var approvals: [ApprovalID] = []
            if asked.manager != person.lineManagerID {
                if let manager = asked.manager {
                    approvals.append(
                        try await changes.request(.lineManager(person: id, manager: manager), by: actor.person, tx: tx)
                            .id)
                } else {
                    try await tx.people.setLineManager(id, nil)
                    changed = true
                }
            }
            if asked.level != person.seniority {
                if RoutingLink.ranksBySeniority(person.roles(at: now)) {
                    approvals.append(
                        try await changes.request(.seniority(person: id, level: asked.level), by: actor.person, tx: tx)
                            .id)
                } else {
                    try await tx.people.setSeniority(id, asked.level)
                    changed = true
                }
            }
            // Issue 12.3: who they live with changes who concerns naming either are kept from.
            if household != nil {
                // Those still here: someone who has left is not a household to leave.
                let current = StaffHousehold.others(of: person, among: changes.people).filter { $0.isActive(at: now) }
                if let other = asked.livesWith, !current.contains(where: { $0.id == other }) {
                    approvals.append(
                        try await changes.request(.household(person: id, with: other), by: actor.person, tx: tx).id)
                } else if asked.livesWith == nil, !current.isEmpty {
                    approvals.append(
                        try await changes.request(.household(person: id, with: nil), by: actor.person, tx: tx).id)
                }
            }
            if changed {
                try await tx.audit(
                    AuditEntry(
                        actor: actor.person, action: .personDetailsChanged, subjectType: .person,
                        subjectID: id.description))
            }
            return DetailsChange(approvals: approvals)
        }
    }
}
