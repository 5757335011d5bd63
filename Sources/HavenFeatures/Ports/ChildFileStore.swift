import Foundation
import HavenDomain

/// Issue 12.2: a child's records merged into another child's file (one child recorded twice).
public struct ChildMerge: Equatable, Sendable {
    public let child: ChildID
    public let into: ChildID
    public let at: Date
    public let by: PersonID

    public init(child: ChildID, into: ChildID, at: Date, by: PersonID) {
        self.child = child
        self.into = into
        self.at = at
        self.by = by
    }
}

/// Issue 12.2, R3.2: finding the children Haven may already hold, and which records make up
/// each child's file. A file is a child's record and every record merged into it, at any depth;
/// each record keeps its own id, so a merge is undone by removing it.
public protocol ChildFileReads: Sendable {
    /// Children born on this day (`limit` at most).
    func children(bornOn day: Day, limit: Int) async throws -> [ChildRecord]
    /// Children whose whole name folds to this (`NameKey.sortKey`).
    func children(withNameKey key: String, limit: Int) async throws -> [ChildRecord]
    /// Children recorded with this identifier.
    func children(withIdentifier kind: ChildIdentifierKind, _ value: String, limit: Int) async throws -> [ChildRecord]
    /// The file each of these children's records is kept in: itself, unless merged into another.
    func files(of children: [ChildID]) async throws -> [ChildID: ChildID]
    /// Every record kept in each of these files, the file's own first.
    func records(inFiles files: [ChildID]) async throws -> [ChildID: [ChildID]]
    /// The merge that put this record into another, if it was.
    func merge(of child: ChildID) async throws -> ChildMerge?
    /// How many merges deep the file goes below its own record (0 for a file of one record).
    func depth(ofFile file: ChildID) async throws -> Int
    /// When each of these children's records was last the subject of a concern.
    func lastConcerns(about children: [ChildID]) async throws -> [ChildID: Date]
}

/// Issue 12.2: merging a record into a file, and undoing it.
public protocol ChildFileWrites: Sendable {
    func merge(_ merge: ChildMerge) async throws
    func separate(_ child: ChildID) async throws
    /// Whoever any of these records keeps away is kept away from every concern about any of them
    /// (one row per concern and person, as `insertExclusions` writes). Kept after a merge is
    /// undone: keeping someone away longer is the safe mistake.
    func widenExclusions(over records: [ChildID]) async throws
    /// Issue 12.3: everyone in `household` is kept away from every concern (and its children's
    /// files) that keeps any of them away: recording who lives together reaches concerns already kept.
    func widenExclusions(toHousehold household: [PersonID]) async throws
}

extension ChildFileReads {
    public func file(of child: ChildID) async throws -> ChildID {
        try await files(of: [child])[child] ?? child
    }

    public func records(inFile file: ChildID) async throws -> [ChildID] {
        try await records(inFiles: [file])[file] ?? [file]
    }
}
