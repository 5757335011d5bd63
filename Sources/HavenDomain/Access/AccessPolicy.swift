/// Who is asking: the person, the roles they hold now, and whether this session passed the second factor.
public struct Actor: Equatable, Sendable {
    public let person: PersonID
    public let roles: Set<Role>
    public let secondFactorPassed: Bool

    public init(person: PersonID, roles: Set<Role>, secondFactorPassed: Bool) {
        self.person = person
        self.roles = roles
        self.secondFactorPassed = secondFactorPassed
    }

    /// R7.1: DSLs and deputies have need-to-know for concern content.
    public var isSafeguardingLead: Bool { !roles.isDisjoint(with: [.dsl, .deputyDSL]) }
}

/// R7.1: the things a person may ask Haven to do. Each names the concern's recorder where that matters.
public enum Permission: Equatable, Sendable {
    case recordConcern
    case viewReceipt(recordedBy: PersonID)
    /// Reading one concern; `delegatedTo` is the line manager handling it, if the DSL delegated it.
    case readConcern(recordedBy: PersonID, delegatedTo: PersonID? = nil)
    case addAddendum(recordedBy: PersonID, delegatedTo: PersonID? = nil)
    /// R1.3, R3.1: deciding about, and setting actions on, one concern.
    case handleConcern(delegatedTo: PersonID? = nil)
    /// R1.3: handing a concern to a line manager.
    case delegateCase
    case manageCase
    case viewInbox
    case viewChildFile
    case viewAccessLog
    case setOwnAvailability
    case viewContacts
    case manageOrganisation
    case managePeople
    case manageContacts
    case viewAuditStatus
    /// R1.2: the changes waiting for a DSL's approval (DSLs and deputies, and the administrators who ask for them).
    case viewApprovals
    /// R1.2: approving or refusing one (a DSL; `ApprovalRule` says which).
    case decideApproval
}

/// R7.1: the answer to "may this person do this now?".
public enum AccessDecision: Equatable, Sendable {
    case allowed
    /// R1.6: allowed once the session has passed the second factor.
    case needsSecondFactor
    case denied
}

/// R1.6, R7.1: need-to-know as plain rules. Concern content is for the DSL and deputies, and the
/// recorder's own submission; administrators and auditors see none. Reading any case content
/// needs the second factor; recording a concern needs only a password.
public enum AccessPolicy {
    public static func decide(_ permission: Permission, for actor: Actor, secondFactorRequiredForEveryone: Bool = false) -> AccessDecision {
        let decision = baseDecision(permission, for: actor)
        if decision == .allowed && secondFactorRequiredForEveryone && !actor.secondFactorPassed { return .needsSecondFactor }
        return decision
    }

    static func baseDecision(_ permission: Permission, for actor: Actor) -> AccessDecision {
        let lead = actor.isSafeguardingLead
        switch permission {
        case .recordConcern, .viewContacts:
            return .allowed
        case .viewReceipt(let recorder):
            return recorder == actor.person || lead ? .allowed : .denied
        case .addAddendum(let recorder, let delegate):
            if recorder == actor.person { return .allowed }
            return lead || delegate == actor.person ? caseContent(actor) : .denied
        case .readConcern(let recorder, let delegate):
            return lead || recorder == actor.person || delegate == actor.person ? caseContent(actor) : .denied
        case .handleConcern(let delegate):
            return lead || delegate == actor.person ? caseContent(actor) : .denied
        case .delegateCase, .manageCase, .viewInbox, .viewChildFile, .viewAccessLog:
            return lead ? caseContent(actor) : .denied
        case .setOwnAvailability:
            return lead || !actor.roles.isDisjoint(with: [.lineManager, .caseManager, .departmentDirector]) ? .allowed : .denied
        case .manageOrganisation, .managePeople, .manageContacts:
            return actor.roles.contains(.administrator) ? secondFactor(actor) : .denied
        case .viewApprovals:
            return lead || actor.roles.contains(.administrator) ? secondFactor(actor) : .denied
        case .decideApproval:
            return actor.roles.contains(.dsl) ? secondFactor(actor) : .denied
        case .viewAuditStatus:
            return actor.roles.contains(.auditor) || actor.roles.contains(.administrator) || lead ? secondFactor(actor) : .denied
        }
    }

    static func caseContent(_ actor: Actor) -> AccessDecision { secondFactor(actor) }

    static func secondFactor(_ actor: Actor) -> AccessDecision { actor.secondFactorPassed ? .allowed : .needsSecondFactor }
}
