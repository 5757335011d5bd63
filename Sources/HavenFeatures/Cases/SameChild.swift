import Foundation
import HavenDomain

/// Issue 12.2: at triage, the children Haven already holds who may be the child a concern is
/// about, each with its reason, and any the DSL finds by name; or, once linked, the file the
/// concern's child is kept in. Only those handling cases see this: the person recording a
/// concern learns nothing about other children's files.
public struct SameChild: Sendable {
    let env: HavenEnvironment
    /// The most children found by a name search beside a concern.
    public static let mostFound = 20
    /// The most records read for any one way of matching.
    static let mostCandidates = 200

    public init(_ env: HavenEnvironment) { self.env = env }

    public struct Proposal: Sendable {
        public let child: ChildSummary
        /// Why Haven proposes them; none for a child the DSL found by name.
        public let reason: ChildMatchReason?
    }

    public struct Finding: Sendable {
        /// The concern's child's own record.
        public let child: ChildRecord
        /// The file the concern's child has been put in, when it has.
        public let keptIn: ChildSummary?
        public let proposals: [Proposal]
        /// Children found by the name the DSL typed.
        public let found: [Proposal]
    }

    public func callAsFunction(for id: ConcernID, searching query: String? = nil, by actor: Actor) async throws
        -> Finding
    {
        try actor.require(.manageCase)
        let now = env.clock.now()
        let calendar = env.calendar
        let terms = query.map(NameKey.searchTerms) ?? []
        return try await env.auditedRead(
            .concern(id, .sameChildShown, by: actor.person),
            { tx in
                guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
                try await tx.concerns.keepAway(actor, from: concern)
                guard let child = try await tx.concerns.child(concern.childID) else { throw AccessError.notFound }
                try await tx.concerns.keepAway(actor, fromChild: child.id)
                let today = calendar.day(of: now)
                let file = try await tx.concerns.file(of: child.id)
                if file != child.id, let record = try await tx.concerns.child(file) {
                    let summary = try await ChildSummary.of([record], today: today, calendar: calendar, in: tx)
                    return Finding(child: child, keptIn: summary.first, proposals: [], found: [])
                }
                // Not the concern's own children, nor anything already in this child's file.
                let own = Set(try await tx.concerns.records(inFile: child.id) + tx.concerns.subjects(of: id))
                let proposals = try await Self.proposals(
                    for: concern, child: child, leaving: own, today: today, calendar: calendar, by: actor, in: tx)
                var found: [ChildRecord] = []
                if !terms.isEmpty {
                    let named = try await tx.concerns.children(named: terms, limit: Self.mostFound + own.count)
                    let away = try await tx.concerns.keptAway(actor, among: named.map(\.id))
                    found = Array(named.filter { !own.contains($0.id) && !away.contains($0.id) }.prefix(Self.mostFound))
                }
                let summaries = try await ChildSummary.of(
                    proposals.map(\.0) + found, today: today, calendar: calendar, in: tx)
                let proposed = zip(summaries.prefix(proposals.count), proposals).map {
                    Proposal(child: $0, reason: $1.1)
                }
                return Finding(
                    child: child, keptIn: nil, proposals: proposed,
                    found: summaries.dropFirst(proposals.count).map { Proposal(child: $0, reason: nil) })
            },
            // Issue 12.8: each child shown beside the concern has it in their access log.
            recording: { finding in
                .listing(
                    .sameChildShown, of: .children, id.description,
                    children: ([finding.keptIn].compactMap { $0 } + (finding.proposals + finding.found).map(\.child))
                        .map(\.record.id), by: actor.person)
            })
    }

    /// Issue 12.2: the concern's child is `file`'s child: the concern's record goes into that file.
    public func link(_ id: ConcernID, to file: ChildID, by actor: Actor) async throws {
        try await MergeChildFiles(env).merge(try await child(of: id, by: actor), into: file, by: actor)
    }

    /// Issue 12.2: undoes `link`: the concern's child has a file of their own again.
    public func unlink(_ id: ConcernID, by actor: Actor) async throws {
        try await MergeChildFiles(env).separate(try await child(of: id, by: actor), by: actor)
    }

    func child(of id: ConcernID, by actor: Actor) async throws -> ChildID {
        try actor.require(.manageCase)
        return try await env.authorise(.concern(id, .childFilesMerged, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            return concern.childID
        }
    }

    /// The files whose records match the concern's child (`ChildMatching`), surest first, one
    /// per file, none the reader is kept away from.
    static func proposals(
        for concern: Concern, child: ChildRecord, leaving own: Set<ChildID>, today: Day,
        calendar: WorkingDayCalendar, by actor: Actor, in tx: any Reading
    ) async throws -> [(ChildRecord, ChildMatchReason)] {
        let details = child.details
        let most = Self.mostCandidates
        var records: [ChildRecord] = []
        for (kind, value) in details.identifiers.given {
            records += try await tx.concerns.children(withIdentifier: kind, value, limit: most)
        }
        if let born = details.dateOfBirth.flatMap(Day.init(iso:)) {
            records += try await tx.concerns.children(bornOn: born, limit: most)
        }
        if let name = details.name {
            records += try await tx.concerns.children(withNameKey: NameKey.sortKey(name), limit: most)
        }
        // Children living with a child this concern also names: found by that child's name.
        var livesWith: [ChildID: [String]] = [:]
        let named = try await tx.concerns.children(try await tx.concerns.linkedChildren(of: concern.id))
        for sibling in named {
            guard let name = sibling.details.name else { continue }
            for same in try await tx.concerns.children(withNameKey: NameKey.sortKey(name), limit: 20)
            where !own.contains(same.id) {
                for member in try await tx.cases.household(of: same.id) { livesWith[member, default: []].append(name) }
            }
        }
        records += try await tx.concerns.children(Array(livesWith.keys))
        let candidates = records.filter { !own.contains($0.id) }.map {
            ChildMatchCandidate(
                id: $0.id, details: $0.details, recordedOn: calendar.day(of: $0.createdAt),
                livesWith: livesWith[$0.id] ?? [])
        }
        let matches = ChildMatching.proposals(
            for: details, recordedOn: calendar.day(of: child.createdAt), among: candidates, today: today)
        // One proposal per file, for its surest record; the file as it is now.
        let files = try await tx.concerns.files(of: matches.map(\.child))
        var seen = own
        var chosen: [(ChildID, ChildMatchReason)] = []
        for match in matches {
            let file = files[match.child] ?? match.child
            if seen.insert(file).inserted { chosen.append((file, match.reason)) }
        }
        let away = try await tx.concerns.keptAway(actor, among: chosen.map(\.0))
        let kept = chosen.filter { !away.contains($0.0) }
        let found = Dictionary(
            try await tx.concerns.children(kept.map(\.0)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return kept.compactMap { id, reason in found[id].map { ($0, reason) } }
    }
}
