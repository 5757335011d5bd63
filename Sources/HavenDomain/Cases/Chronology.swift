import Foundation

/// R3.2: what kind of event a chronology line records. Each module declares its own kinds
/// (`ConcernChronology.swift`, …) and lists them in its vocabulary.
public struct ChronologyKind: Hashable, Sendable, CustomStringConvertible {
    /// The name the API gives it ("triage_decision"). It never changes once used.
    public let rawValue: String
    public let title: String
    /// Where it falls among entries at the same moment: what happens first has the lower rank
    /// (a concern is recorded before it is decided).
    public let rank: Int

    public init(_ rawValue: String, title: String, rank: Int) {
        self.rawValue = rawValue
        self.title = title
        self.rank = rank
    }

    public static func == (a: ChronologyKind, b: ChronologyKind) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public var description: String { rawValue }
}

/// R3.2: one line of a child's chronology.
public struct ChronologyEntry: Equatable, Sendable {
    public let at: Date
    public let kind: ChronologyKind
    public let concernID: ConcernID
    public let concernReference: String
    public let summary: String
    public let detail: String?
    public let by: String
    public let categories: [ConcernCategory]

    public init(
        at: Date, kind: ChronologyKind, concernID: ConcernID, concernReference: String, summary: String,
        detail: String?, by: String, categories: [ConcernCategory]
    ) {
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
    case newestFirst = "newest"
    case oldestFirst = "oldest"
}

/// R3.2: a child's concerns, addenda, decisions and actions as one timeline.
public struct Chronology: Equatable, Sendable {
    public let entries: [ChronologyEntry]

    /// R3.2: merges the entries in time order, keeping only those about `category` when one is given.
    /// Entries at the same moment keep the order in which they happened (recorded before decided).
    public init(entries: [ChronologyEntry], order: ChronologyOrder, category: ConcernCategory? = nil) {
        let kept = entries.enumerated().filter { category == nil || $0.element.categories.contains(category!) }
        let ascending = kept.sorted {
            ($0.element.at, $0.element.kind.rank, $0.offset) < ($1.element.at, $1.element.kind.rank, $1.offset)
        }.map(\.element)
        self.entries = order == .oldestFirst ? ascending : ascending.reversed()
    }
}
