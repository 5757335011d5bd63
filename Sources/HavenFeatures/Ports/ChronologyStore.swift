import Foundation
import HavenDomain

/// R3.2: the order of every child's chronology, read a page at a time.
public protocol ChronologyReads: Sendable {
    /// Up to `limit` of the lines of a file's records after `position` (from the start when
    /// nil), in `order`; a line about two of them is read once (issue 12.2: a merged file).
    func lines(ofChildren children: [ChildID], after position: ChronologyPosition?, order: ChronologyOrder, limit: Int)
        async throws -> [ChronologyLine]
}

/// R3.2: what append units may do: add a line to the chronology of each of `children` (every
/// child its concern is about: the child, and any linked to the concern).
public protocol ChronologyAppends: Sendable {
    func add(_ line: ChronologyLine, children: [ChildID]) async throws
}

public protocol ChronologyStore: ChronologyReads, ChronologyAppends {}

extension Transaction {
    /// R3.2: adds a line to the chronology of every child its concern is about.
    public func addToChronology(_ line: ChronologyLine) async throws {
        try await chronology.add(line, children: try await concerns.subjects(of: line.concernID))
    }
}

/// The chronology, as read, append and write units each see it. Every module that draws lines
/// in a child's chronology adds them here as it writes the record they come from.
public enum ChronologyStoreKey: AppendableStoreKey {
    public typealias Reads = any ChronologyReads
    public typealias Store = any ChronologyStore
    public typealias Appends = any ChronologyAppends
}

extension Reading {
    public var chronology: any ChronologyReads { self[ChronologyStoreKey.self] }
}

extension Transaction {
    public var chronology: any ChronologyStore { self[ChronologyStoreKey.self] }
}

extension Appending {
    public var chronology: any ChronologyAppends { self[ChronologyStoreKey.self] }
}
