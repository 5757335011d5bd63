import Foundation

/// R3.2: what kind of event a chronology line records. Each module declares its own kinds
/// (`ConcernChronology.swift`, …) and lists them in its vocabulary.
public struct ChronologyKind: Hashable, Sendable, CustomStringConvertible {
    /// The name the API gives it ("triage_decision"). It never changes once used.
    public let rawValue: String
    /// Where it falls among entries at the same moment: what happens first has the lower rank
    /// (a concern is recorded before it is decided).
    public let rank: Int

    public init(_ rawValue: String, rank: Int) {
        self.rawValue = rawValue
        self.rank = rank
    }

    /// Its name in the chronology, from the catalogue entry `chronology.<name>`.
    public var title: Words { Words("chronology." + rawValue) }

    /// A kind read back from storage, if a registered module declares it.
    public init?(rawValue: String) {
        guard let known = DomainModules.chronologyKinds[rawValue] else { return nil }
        self = known
    }

    public static func == (a: ChronologyKind, b: ChronologyKind) -> Bool { a.rawValue == b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public var description: String { rawValue }
}

/// R3.2: a line's place in a child's chronology: when, the kind's rank (for lines at the same
/// moment), and the record it is drawn from. Every module adds its lines to the chronology as it
/// writes them; a page of the chronology reads these places in order, then each module turns its
/// own into words.
public struct ChronologyLine: Equatable, Sendable {
    public let at: Date
    public let kind: ChronologyKind
    /// The record the line is drawn from (the concern, addendum, decision, delegation or action):
    /// unique among lines of its kind.
    public let recordID: String
    public let concernID: ConcernID

    public init(at: Date, kind: ChronologyKind, recordID: String, concernID: ConcernID) {
        self.at = at
        self.kind = kind
        self.recordID = recordID
        self.concernID = concernID
    }

    public var position: ChronologyPosition {
        ChronologyPosition(atMillis: at.millis, rank: kind.rank, recordID: recordID)
    }
}

/// R3.2: where a page of a chronology ends, so the next page starts just after it.
public struct ChronologyPosition: Equatable, Sendable {
    public let atMillis: Int64
    public let rank: Int
    public let recordID: String

    public init(atMillis: Int64, rank: Int, recordID: String) {
        self.atMillis = atMillis
        self.rank = rank
        self.recordID = recordID
    }

    public var token: String { "\(atMillis).\(rank).\(recordID)" }

    /// nil unless `token` is exactly what `token` writes for an id Haven makes (letters, digits
    /// and hyphens).
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 120, parts.count == 3, let millis = Int64(parts[0]), millis >= 0,
            let rank = Int(parts[1]), rank >= 0, !parts[2].isEmpty,
            parts[2].unicodeScalars.allSatisfy({
                $0.isASCII && ($0 == "-" || $0.properties.isAlphabetic || ("0"..."9").contains($0))
            })
        else { return nil }
        self.init(atMillis: millis, rank: rank, recordID: String(parts[2]))
        guard self.token == token else { return nil }
    }
}

/// R3.2: one line of a child's chronology, in words.
public struct ChronologyEntry: Equatable, Sendable {
    public let line: ChronologyLine
    public let concernReference: String
    public let summary: Words
    public let detail: Words?
    /// Who did it: a name, or "unknown" for someone no longer on record.
    public let by: Words
    public let categories: [ConcernCategory]
    /// R2.11: the injuries marked on the body map, on a concern's own line.
    public let injuries: [InjuryMark]

    public init(
        line: ChronologyLine, concernReference: String, summary: Words, detail: Words?, by: Words,
        categories: [ConcernCategory], injuries: [InjuryMark] = []
    ) {
        self.line = line
        self.concernReference = concernReference
        self.summary = summary
        self.detail = detail
        self.by = by
        self.categories = categories
        self.injuries = injuries
    }

    public var at: Date { line.at }
    public var kind: ChronologyKind { line.kind }
    public var concernID: ConcernID { line.concernID }
}

/// R3.2: which way a chronology is read.
public enum ChronologyOrder: String, Codable, Sendable, CaseIterable {
    case newestFirst = "newest"
    case oldestFirst = "oldest"
}

/// R3.2: a page of a child's concerns, addenda, decisions and actions as one timeline, and
/// where the next page starts, if there is one.
public struct Chronology: Equatable, Sendable {
    public let entries: [ChronologyEntry]
    public let next: ChronologyPosition?

    public init(entries: [ChronologyEntry], next: ChronologyPosition?) {
        self.entries = entries
        self.next = next
    }
}
