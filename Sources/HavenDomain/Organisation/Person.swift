import Foundation

public enum PersonTag {}
public typealias PersonID = Identifier<PersonTag>

/// R1.2: whether someone is paid staff, a volunteer, a contractor or from a partner agency.
public enum PersonKind: String, CaseIterable, Codable, Sendable {
    case staff, volunteer, contractor
    case partnerAgency = "partner_agency"
}

/// R1.2: a person who signs in to Haven, with the roles they hold over time.
public struct Person: Equatable, Sendable, Codable {
    public let id: PersonID
    public var name: String
    public var email: String
    public var kind: PersonKind
    public var roleAssignments: [RoleAssignment]
    public var lineManagerID: PersonID?
    /// R1.3: whether the person is currently away (leave, sickness) and cannot take alerts.
    public var isUnavailable: Bool
    /// R1.3: ranks department directors and case managers for the senior manager's link.
    public var seniority: Int
    /// R1.2: when the person left and their account was deactivated: they cannot sign in, are
    /// never routed to, and hold no role from then on.
    public var deactivatedAt: Date?
    /// Issue 12.3: the household this person lives in, shared with the others recorded as living
    /// with them (`StaffHousehold`); nil for none recorded.
    public var household: String?

    public init(
        id: PersonID, name: String, email: String, kind: PersonKind, roleAssignments: [RoleAssignment],
        lineManagerID: PersonID? = nil, isUnavailable: Bool = false, seniority: Int = 0, deactivatedAt: Date? = nil,
        household: String? = nil
    ) {
        self.id = id
        self.name = name
        self.email = email
        self.kind = kind
        self.roleAssignments = roleAssignments
        self.lineManagerID = lineManagerID
        self.isUnavailable = isUnavailable
        self.seniority = seniority
        self.deactivatedAt = deactivatedAt
        self.household = household
    }

    /// The seniorities an administrator can give.
    public static let seniorities = 0...99

    /// R1.2: whether the account was active at `moment` (not yet deactivated).
    public func isActive(at moment: Date) -> Bool { deactivatedAt.map { moment < $0 } ?? true }

    /// The roles held at `moment`: none once the account is deactivated.
    public func roles(at moment: Date) -> Set<Role> { isActive(at: moment) ? roleAssignments.roles(at: moment) : [] }

    /// R1.2: whether the person held `role` at `moment` (without collecting every role held).
    public func holds(_ role: Role, at moment: Date) -> Bool {
        isActive(at: moment) && roleAssignments.contains { $0.role == role && $0.isActive(at: moment) }
    }
}
