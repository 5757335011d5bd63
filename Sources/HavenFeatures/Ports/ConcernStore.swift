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
public protocol ConcernReads: Sendable {
    func find(_ id: ConcernID) async throws -> Concern?
    func child(_ id: ChildID) async throws -> ChildRecord?
    func children(_ ids: [ChildID]) async throws -> [ChildRecord]
    /// Children named in the concern, other than its main child.
    func linkedChildren(of concern: ConcernID) async throws -> [ChildID]
    /// Every concern a child is a subject of, as main or linked child.
    func concerns(aboutChild child: ChildID) async throws -> [Concern]
    func addenda(_ concern: ConcernID) async throws -> [Addendum]
    /// R3.1: concerns with no triage decision yet.
    func untriaged() async throws -> [Concern]
    func recorded(by person: PersonID) async throws -> [RecordedConcernSummary]
    func allChildren() async throws -> [ChildRecord]
    func count() async throws -> Int
}

/// What an append unit may add of concerns: new rows only.
public protocol ConcernAppends: Sendable {
    /// Stores the concern, its child and any other children it names, as subjects of the concern.
    func insert(_ concern: Concern, child: ChildRecord, linkedChildren: [ChildRecord]) async throws
}

/// R2: submitted concerns, the children they are about, and their addenda. Concerns are
/// inserted once and never updated (R2.4).
public protocol ConcernStore: ConcernReads, ConcernAppends {
    func insertAddendum(_ addendum: Addendum) async throws
}
