import Foundation

/// R1.2: who may grant what. A role that gives need-to-know, and anything else that would let a
/// person receive concerns, waits for a DSL other than the person who asked; nobody changes their
/// own roles. So does an administrator's change to anyone's sign-in (email, password reset, second
/// factor): each is a way to take an account over, and any account can read concerns (those it
/// recorded, or those delegated to it) or be given a role that can. With no DSL to approve (a new
/// organisation, or the last DSL has left) only the server's command line can grant such a role.
public enum ApprovalRule {
    /// The requested roles that need a DSL's approval, not held now: need-to-know roles, and
    /// (issue 12.7) those ranked for the senior manager's link, who are sent concerns when no
    /// safeguarding lead can take them (a department director), so that a seniority set at once
    /// for someone unranked cannot put them first by a role granted at once after it.
    public static func rolesNeedingApproval(requested: Set<Role>, held: Set<Role>) -> Set<Role> {
        Set(requested.subtracting(held).filter(\.needsApprovalToGrant))
    }

    /// Whether `requester` may ask for a change to `person`'s roles at all.
    public static func mayChangeRoles(of person: PersonID, requester: PersonID) -> Bool { person != requester }

    /// Why `approver` may not decide `approval`, or nil if they may. A DSL with the second factor,
    /// who neither asked for the change nor is one of the people it is about (`people`, everyone on
    /// record, tells who lives with whom: issue 12.3).
    public static func refusal(approver: Actor, approval: SafeguardingApproval, people: [Person] = [])
        -> ApprovalRefusal?
    {
        guard approval.status == .pending else { return .alreadyDecided }
        guard approver.roles.contains(.dsl) else { return .notADSL }
        guard approver.person != approval.requestedBy else { return .ownRequest }
        guard !approval.change.involved(among: people).contains(approver.person) else { return .aboutThemselves }
        guard approver.secondFactorPassed else { return .needsSecondFactor }
        return nil
    }

    /// Why `approver` may not refuse `approval`, or nil if they may: any DSL with the second
    /// factor, including the person it is about (who will know if it is not what they asked for).
    public static func refusalToRefuse(approver: Actor, approval: SafeguardingApproval, people: [Person] = [])
        -> ApprovalRefusal?
    {
        guard approval.status == .pending else { return .alreadyDecided }
        guard approver.roles.contains(.dsl) else { return .notADSL }
        guard approval.change.subjectsMayRefuse || !approval.change.involved(among: people).contains(approver.person)
        else {
            return .aboutThemselves
        }
        guard approver.secondFactorPassed else { return .needsSecondFactor }
        return nil
    }
}

/// R1.2: why someone may not approve a protected change.
public enum ApprovalRefusal: String, Equatable, Sendable, CaseIterable {
    case alreadyDecided, notADSL, ownRequest, aboutThemselves, needsSecondFactor

    /// Why, in words from the catalogue (`access.approvalRefusal.<case>`).
    public var words: Words { Words("access.approvalRefusal." + rawValue) }
}
