import Foundation

/// R1.2: a role held from a start date, and until an end date once it ends, so that a record
/// can always show who held the role at the time.
public struct RoleAssignment: Equatable, Sendable, Codable {
    public let role: Role
    public let starts: Date
    public let ends: Date?

    public init(role: Role, starts: Date, ends: Date? = nil) {
        self.role = role
        self.starts = starts
        self.ends = ends
    }

    /// Whether the role was held at `moment`: from its start, up to but not including its end.
    public func isActive(at moment: Date) -> Bool {
        moment >= starts && (ends.map { moment < $0 } ?? true)
    }
}

extension Array where Element == RoleAssignment {
    /// The roles held at `moment`.
    public func roles(at moment: Date) -> Set<Role> {
        Set(filter { $0.isActive(at: moment) }.map(\.role))
    }
}
