import Foundation

/// R1.3: the DSL hands day-to-day handling of a concern to a line manager. The DSL stays
/// responsible; the delegation is dated, kept in the chronology, and can be handed on again.
public struct CaseDelegation: Equatable, Sendable, Codable {
    public let concernID: ConcernID
    public let delegate: PersonID
    public let delegatedBy: PersonID
    public let delegatedAt: Date
    public let note: String?

    public init(concernID: ConcernID, delegate: PersonID, delegatedBy: PersonID, delegatedAt: Date, note: String?) {
        self.concernID = concernID
        self.delegate = delegate
        self.delegatedBy = delegatedBy
        self.delegatedAt = delegatedAt
        self.note = note
    }

    /// R1.3: handling can be delegated to someone who holds the line manager role now.
    public static func canReceive(_ roles: Set<Role>) -> Bool { roles.contains(.lineManager) }

    /// R1.2, R1.3: the delegation holds only while its delegate has held the role it was given for
    /// without a break since it was made. Once it lapses (the role ended, or they left) it stays
    /// lapsed, even if the role is given back: the DSL delegates again if that is wanted.
    public func holds(for delegate: Person, at now: Date) -> Bool {
        delegate.id == self.delegate && delegate.isActive(at: now)
            && delegate.roleAssignments.contains {
                $0.role == .lineManager && $0.starts <= delegatedAt && ($0.ends.map { now < $0 } ?? true)
            }
    }
}
