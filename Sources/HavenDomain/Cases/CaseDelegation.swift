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
}
