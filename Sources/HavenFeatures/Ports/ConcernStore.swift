import Foundation
import HavenDomain

/// R3.2: a child Haven holds a file for.
public struct ChildRecord: Equatable, Sendable, Codable {
    public let id: ChildID
    public let details: ChildDetails
    public let createdAt: Date

    public init(id: ChildID, details: ChildDetails, createdAt: Date) {
        self.id = id
        self.details = details
        self.createdAt = createdAt
    }
}

/// R2.7: a concern as its recorder's list shows it: no content.
public struct RecordedConcernSummary: Equatable, Sendable {
    public let concernID: ConcernID
    public let reference: String
    public let recordedAt: Date

    public init(concernID: ConcernID, reference: String, recordedAt: Date) {
        self.concernID = concernID
        self.reference = reference
        self.recordedAt = recordedAt
    }
}

/// What may be read of concerns, children and addenda: the only part a read unit is given.
public protocol ConcernReads: ChildFileReads {
    func find(_ id: ConcernID) async throws -> Concern?
    /// The concerns with these ids that exist, in no particular order.
    func find(_ ids: [ConcernID]) async throws -> [Concern]
    func child(_ id: ChildID) async throws -> ChildRecord?
    func children(_ ids: [ChildID]) async throws -> [ChildRecord]
    /// Every child the concern is about: its main child, then any linked to it.
    func subjects(of concern: ConcernID) async throws -> [ChildID]
    /// Children named in the concern, other than its main child.
    func linkedChildren(of concern: ConcernID) async throws -> [ChildID]
    /// Every concern a child is a subject of, as main or linked child.
    func concerns(aboutChild child: ChildID) async throws -> [Concern]
    /// R2.4: a concern's addenda in the order they were added, from after `position` if given, at
    /// most `limit`; only those `author` added, if given.
    func addenda(_ concern: ConcernID, by author: PersonID?, after position: AddendumPosition?, limit: Int)
        async throws -> [Addendum]
    func addenda(ids: [AddendumID]) async throws -> [Addendum]
    /// R3.1: a page of the concerns with no triage decision yet, in the inbox's order (most
    /// urgent first, then oldest), starting after `position`.
    func untriaged(after position: InboxPosition?, limit: Int) async throws -> [UntriagedConcern]
    /// How many concerns wait for triage, counting no further than `cap` (so a page never
    /// counts the whole queue).
    func untriagedCount(upTo cap: Int) async throws -> Int
    /// Issue 12.7: how many concerns of each priority wait for triage (those recorded before
    /// `recordedBefore`, if given), each counted no further than `cap`, leaving out any that
    /// keep `person` away.
    func untriagedCounts(recordedBefore: Date?, upTo cap: Int, keepingAway person: PersonID) async throws
        -> [ConcernPriority: Int]
    func recorded(by person: PersonID) async throws -> [RecordedConcernSummary]
    /// R3.2: a page of children in name order, after `position`.
    func children(after position: ChildListPosition?, limit: Int) async throws -> [ChildRecord]
    /// R3.2: children with a word of their name starting with each of `terms` (`NameKey.searchTerms`).
    func children(named terms: [String], limit: Int) async throws -> [ChildRecord]
    func count() async throws -> Int
    /// R7.1: the restricted information kept with a concern, the first added first.
    func restricted(_ concern: ConcernID) async throws -> [RestrictedInformation]
    /// R7.1: how much restricted information a concern holds (without reading it).
    func restrictedCount(_ concern: ConcernID) async throws -> Int
    /// R7.1: who wrote down each of these pieces of restricted information (never what they say).
    func restrictedAuthors(ids: [RestrictedInformationID]) async throws -> [RestrictedInformationID: PersonID]
    /// Issue 12.3: whether a concern about the child keeps this person away from the child's file.
    func keepsAway(_ person: PersonID, fromChild child: ChildID) async throws -> Bool
    /// Issue 12.3: which of these concerns keep this person away.
    func keepingAway(_ person: PersonID, among concerns: [ConcernID]) async throws -> Set<ConcernID>
    /// Issue 12.3: how many concerns waiting for triage keep this person away.
    func untriagedKeepingAway(_ person: PersonID) async throws -> Int
    /// Issue 12.3: which of these children's files keep this person away.
    func childrenKeepingAway(_ person: PersonID, among children: [ChildID]) async throws -> Set<ChildID>
    /// Issue 12.4: the concern `person` sent with this submission key, if any, and the
    /// fingerprint of its answers.
    func concern(submittedAs key: SubmissionKey, by person: PersonID) async throws -> (
        concern: ConcernID, fingerprint: String
    )?
}

/// What an append unit may add of concerns: new rows only.
public protocol ConcernAppends: Sendable {
    /// Stores the concern, its child and any other children it names, as subjects of the concern.
    func insert(_ concern: Concern, child: ChildRecord, linkedChildren: [ChildRecord]) async throws
    /// Issue 12.4: notes the key the concern was sent with. A second concern with the same
    /// person and key fails (the unit rolls back), so a repeat is never stored.
    func insertSubmission(_ key: SubmissionKey, of concern: Concern) async throws
    /// Issue 12.3: keeps the concern's excluded people away from these children's files.
    func insertExclusions(of concern: Concern, children: [ChildID]) async throws
    /// R7.1: what a child shared in confidence, kept apart from the concern's content.
    func insertRestricted(_ information: RestrictedInformation) async throws
}

/// R2: submitted concerns, the children they are about, and their addenda. Concerns are
/// inserted once and never updated (R2.4).
public protocol ConcernStore: ConcernReads, ConcernAppends, ChildFileWrites {
    func insertAddendum(_ addendum: Addendum) async throws
}

/// R3.1: a concern waiting for triage, as the inbox lists it: no content.
public struct UntriagedConcern: Equatable, Sendable {
    public let concernID: ConcernID
    public let reference: String
    public let childID: ChildID
    public let priority: ConcernPriority
    public let recordedAt: Date

    public init(concernID: ConcernID, reference: String, childID: ChildID, priority: ConcernPriority, recordedAt: Date)
    {
        self.concernID = concernID
        self.reference = reference
        self.childID = childID
        self.priority = priority
        self.recordedAt = recordedAt
    }

    public var position: InboxPosition {
        InboxPosition(
            priority: priority, recordedAtMillis: recordedAt.millis,
            concernID: concernID)
    }
}

/// R3.1: where a page of the inbox ended, so the next page starts after it (by key, not by
/// counting rows to skip). Written in links as `priority.millis.id`.
public struct InboxPosition: Equatable, Sendable {
    public let priority: ConcernPriority
    public let recordedAtMillis: Int64
    public let concernID: ConcernID

    public init(priority: ConcernPriority, recordedAtMillis: Int64, concernID: ConcernID) {
        self.priority = priority
        self.recordedAtMillis = recordedAtMillis
        self.concernID = concernID
    }

    public var token: String { "\(priority.rawValue).\(recordedAtMillis).\(concernID)" }

    /// nil unless `token` is exactly what `token` writes.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 80, parts.count == 3, let raw = Int(parts[0]),
            let priority = ConcernPriority(rawValue: raw),
            let millis = Int64(parts[1]), millis >= 0, let id = ConcernID(string: String(parts[2]))
        else { return nil }
        self.init(priority: priority, recordedAtMillis: millis, concernID: id)
    }
}

/// The concerns store, as read, append and write units each see it.
public enum ConcernStoreKey: AppendableStoreKey {
    public typealias Reads = any ConcernReads
    public typealias Store = any ConcernStore
    public typealias Appends = any ConcernAppends
}

extension Reading {
    public var concerns: any ConcernReads { self[ConcernStoreKey.self] }
}

extension Transaction {
    public var concerns: any ConcernStore { self[ConcernStoreKey.self] }
}

extension Appending {
    public var concerns: any ConcernAppends { self[ConcernStoreKey.self] }
}

/// R3.2: where a page of the children list ended. Written in links as the folded name in
/// base64url, a dot, and the id.
public struct ChildListPosition: Equatable, Sendable {
    public let sortKey: String
    public let childID: ChildID

    public init(sortKey: String, childID: ChildID) {
        self.sortKey = sortKey
        self.childID = childID
    }

    public init(after child: ChildRecord) {
        self.init(sortKey: NameKey.sortKey(child.details.displayName), childID: child.id)
    }

    public var token: String {
        let key = Data(sortKey.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "\(key).\(childID)"
    }

    /// nil unless `token` is one `token` wrote.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 4_000, let id = ChildID(string: String(parts[1])) else { return nil }
        var base64 = parts[0].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let key = String(data: data, encoding: .utf8) else { return nil }
        self.init(sortKey: key, childID: id)
        guard self.token == token else { return nil }
    }
}
