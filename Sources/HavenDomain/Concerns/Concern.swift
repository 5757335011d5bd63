import Foundation

public enum ConcernTag {}
public typealias ConcernID = Identifier<ConcernTag>
public enum ChildTag {}
public typealias ChildID = Identifier<ChildTag>

/// R2.4: a submitted concern. It is signed and timed by the system and never changed; later
/// information is added as addenda.
public struct Concern: Equatable, Sendable, Codable {
    public let id: ConcernID
    public let reference: String
    public let childID: ChildID
    public let recordedBy: PersonID
    public let recordedAt: Date
    public let content: ConcernDraft
    public let priority: ConcernPriority
    public let route: AlertRoute

    public init(
        id: ConcernID, childID: ChildID, recordedBy: PersonID, recordedAt: Date, content: ConcernDraft,
        route: AlertRoute
    ) {
        self.id = id
        self.reference = Concern.reference(for: id)
        self.childID = childID
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
        self.content = content
        self.priority = content.priority
        self.route = route
    }

    /// A short reference a person can read out on the phone. It carries nothing about the child,
    /// and is taken from the id's last, random, bytes (ids begin with the time they were made).
    public static func reference(for id: ConcernID) -> String {
        let bytes = id.rawValue.uuid
        return "HVN-" + Hex.encode([bytes.12, bytes.13, bytes.14, bytes.15]).uppercased()
    }
}

/// R2.7: what the recorder sees after submitting: that it arrived and who has it, not what was decided.
public struct ConcernReceipt: Equatable, Sendable, Codable {
    public let concernID: ConcernID
    public let reference: String
    public let recordedAt: Date
    public let receivedBy: String?
    public let nobodyAvailable: Bool
    /// R2.7: shared only when the DSL chooses to, and shown only behind the second factor.
    public let sharedOutcome: String?
    /// R1.6: an outcome was shared, but this session has not passed the second factor to read it.
    public let outcomeNeedsSecondFactor: Bool

    public init(
        concernID: ConcernID, reference: String, recordedAt: Date, receivedBy: String?, nobodyAvailable: Bool,
        sharedOutcome: String?,
        outcomeNeedsSecondFactor: Bool = false
    ) {
        self.concernID = concernID
        self.reference = reference
        self.recordedAt = recordedAt
        self.receivedBy = receivedBy
        self.nobodyAvailable = nobodyAvailable
        self.sharedOutcome = sharedOutcome
        self.outcomeNeedsSecondFactor = outcomeNeedsSecondFactor
    }
}
