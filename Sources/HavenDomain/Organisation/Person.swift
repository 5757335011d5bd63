import Foundation

public enum PersonTag {}
public typealias PersonID = Identifier<PersonTag>

/// R1.2: whether someone is paid staff, a volunteer, a contractor or from a partner agency.
public enum PersonKind: String, CaseIterable, Codable, Sendable {
    case staff, volunteer, contractor, partnerAgency = "partner_agency"
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
    public var seniority: Int

    public init(id: PersonID, name: String, email: String, kind: PersonKind, roleAssignments: [RoleAssignment],
                lineManagerID: PersonID? = nil, isUnavailable: Bool = false, seniority: Int = 0) {
        self.id = id
        self.name = name
        self.email = email
        self.kind = kind
        self.roleAssignments = roleAssignments
        self.lineManagerID = lineManagerID
        self.isUnavailable = isUnavailable
        self.seniority = seniority
    }

    public func roles(at moment: Date) -> Set<Role> { roleAssignments.roles(at: moment) }

    /// R1.2: whether the person held `role` at `moment` (without collecting every role held).
    public func holds(_ role: Role, at moment: Date) -> Bool {
        roleAssignments.contains { $0.role == role && $0.isActive(at: moment) }
    }
}
