import Foundation
import HavenDomain

/// Issue 12.2, R3.2: one child recorded twice (every concern starts a record of its own) becomes
/// one file: a record is merged into another child's file, so that the file's chronology holds
/// both records' concerns and a pattern can be seen. Both ids are kept; the merge is audited in
/// both children's access logs and can be undone (`separate`), leaving each record as it was.
public struct MergeChildFiles: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// The most merges one file may nest (a file merged into a file merged into a file…).
    public static let deepestMerge = 8

    /// Puts `child`'s file into the file `other` is kept in. Refused when `child` is already in
    /// another file (undo that first) or both are already one file.
    public func merge(_ child: ChildID, into other: ChildID, by actor: Actor) async throws {
        try actor.require(.manageCase)
        let now = env.clock.now()
        let attempt = AuditEntry.child(child, .childFilesMerged, by: actor.person)
        let target = try await env.authorise(attempt) { tx in
            try await Self.check(child, into: other, actor, tx.concerns)
        }
        try await env.write { tx in
            // Again inside the write: another lead may have merged either file since.
            guard try await Self.check(child, into: other, actor, tx.concerns) == target else {
                throw InvalidInput(field: "file", "cases.file.changedMeanwhile")
            }
            try await tx.concerns.merge(ChildMerge(child: child, into: target, at: now, by: actor.person))
            // Whoever either file kept away is kept away from every concern in the file now.
            try await tx.concerns.widenExclusions(over: try await tx.concerns.records(inFile: target))
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .childFilesMerged, subjectType: .child, subjectID: child.description,
                    reason: target.description, alsoAbout: [(.child, target.description)]))
        }
    }

    /// The file `child` goes into: the file `other` is kept in.
    static func check(_ child: ChildID, into other: ChildID, _ actor: Actor, _ concerns: any ConcernReads) async throws
        -> ChildID
    {
        guard try await concerns.child(child) != nil else { throw AccessError.notFound }
        try await concerns.keepAway(actor, fromChild: child)
        guard try await concerns.child(other) != nil, try await !concerns.keepsAway(actor.person, fromChild: other)
        else { throw InvalidInput(field: "file", "cases.otherChild.thatChildWasNotFound") }
        let files = try await concerns.files(of: [child, other])
        guard files[child] ?? child == child else { throw InvalidInput(field: "file", "cases.file.alreadyMerged") }
        let target = files[other] ?? other
        guard target != child else { throw InvalidInput(field: "file", "cases.file.sameFile") }
        // Files nest no deeper than this, so every record's file is always found (and no merge
        // can make a loop behind a walk cut short).
        let deeper = try await concerns.depth(ofFile: child) + 1
        guard deeper <= Self.deepestMerge, try await concerns.depth(ofFile: target) <= Self.deepestMerge else {
            throw InvalidInput(field: "file", "cases.file.tooDeep")
        }
        return target
    }

    /// Takes `child`'s record (with anything merged into it) back out of the file it was merged into.
    /// `file`, when given, is the file the request was made from: the record must be in it.
    public func separate(_ child: ChildID, from file: ChildID? = nil, by actor: Actor) async throws {
        try actor.require(.manageCase)
        let attempt = AuditEntry.child(child, .childFilesSeparated, by: actor.person)
        let merge = try await env.authorise(attempt) { tx in
            let merge = try await Self.merge(of: child, actor, tx.concerns)
            if let file, try await tx.concerns.file(of: merge.into) != file {
                throw InvalidInput(field: "record", "cases.file.notMerged")
            }
            return merge
        }
        try await env.write { tx in
            guard try await Self.merge(of: child, actor, tx.concerns) == merge else {
                throw InvalidInput(field: "file", "cases.file.changedMeanwhile")
            }
            try await tx.concerns.separate(child)
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .childFilesSeparated, subjectType: .child,
                    subjectID: child.description, reason: merge.into.description,
                    alsoAbout: [(.child, merge.into.description)]))
        }
    }

    static func merge(of child: ChildID, _ actor: Actor, _ concerns: any ConcernReads) async throws -> ChildMerge {
        guard try await concerns.child(child) != nil else { throw AccessError.notFound }
        try await concerns.keepAway(actor, fromChild: child)
        guard let merge = try await concerns.merge(of: child) else {
            throw InvalidInput(field: "file", "cases.file.notMerged")
        }
        return merge
    }
}
