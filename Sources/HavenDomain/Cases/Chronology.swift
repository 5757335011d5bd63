import Foundation

/// R3.2: what kind of event a chronology line records.
public enum ChronologyKind: String, Codable, Sendable, CaseIterable {
    // Declared in the order things happen, which breaks ties between entries at the same moment.
    case concernRecorded = "concern_recorded", addendum, delegated, triageDecision = "triage_decision"
    case actionSet = "action_set", actionCompleted = "action_completed"

    public var title: String {
        switch self {
        case .concernRecorded: "Concern recorded"
        case .addendum: "Addendum"
        case .triageDecision: "Decision"
        case .actionSet: "Action set"
        case .actionCompleted: "Action completed"
        case .delegated: "Handling delegated"
        }
    }
}

/// R3.2: one line of a child's chronology.
public struct ChronologyEntry: Equatable, Sendable, Codable {
    public let at: Date
    public let kind: ChronologyKind
    public let concernID: ConcernID
    public let concernReference: String
    public let summary: String
    public let detail: String?
    public let by: String
    public let categories: [ConcernCategory]

    public init(at: Date, kind: ChronologyKind, concernID: ConcernID, concernReference: String, summary: String,
                detail: String?, by: String, categories: [ConcernCategory]) {
        self.at = at
        self.kind = kind
        self.concernID = concernID
        self.concernReference = concernReference
        self.summary = summary
        self.detail = detail
        self.by = by
        self.categories = categories
    }
}

/// R3.2: which way a chronology is read.
public enum ChronologyOrder: String, Codable, Sendable, CaseIterable {
    case newestFirst = "newest", oldestFirst = "oldest"
}

/// R3.2: a child's concerns, addenda, decisions and actions as one timeline.
public struct Chronology: Equatable, Sendable, Codable {
    public let entries: [ChronologyEntry]

    /// R3.2: merges the entries in time order, keeping only those about `category` when one is given.
    /// Entries at the same moment keep the order in which they happened (recorded before decided).
    public init(entries: [ChronologyEntry], order: ChronologyOrder, category: ConcernCategory? = nil) {
        let kept = entries.enumerated().filter { category == nil || $0.element.categories.contains(category!) }
        let ascending = kept.sorted {
            ($0.element.at, ChronologyKind.allCases.firstIndex(of: $0.element.kind)!, $0.offset)
                < ($1.element.at, ChronologyKind.allCases.firstIndex(of: $1.element.kind)!, $1.offset)
        }.map(\.element)
        self.entries = order == .oldestFirst ? ascending : ascending.reversed()
    }
}
