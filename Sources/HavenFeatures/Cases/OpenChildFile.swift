import Foundation
import HavenDomain

/// R3.2: a child's file: the child, their chronology, and the children in their household.
public struct ChildFile: Sendable {
    public let child: ChildRecord
    public let chronology: Chronology
    public let household: [ChildRecord]
    public let categories: [ConcernCategory]
    /// R3.2: the other children who could be linked to this household: those found by the name
    /// the DSL typed, none until they type one.
    public let linkable: [ChildRecord]
    /// Issue 12.2: the records merged into this file (the same child recorded again), each of
    /// which can be taken out again.
    public let merged: [MergedRecord]
}

/// Issue 12.2: a record merged into a child's file, and the merge.
public struct MergedRecord: Sendable {
    public let record: ChildRecord
    public let merge: ChildMerge
}

/// R3.2, R7.7: opens a child's file at a page of its chronology. The opening and its reason are
/// audited so the DSL can see who opened the file, when and why; each further page is an
/// opening too.
public struct OpenChildFile: Sendable {
    let env: HavenEnvironment
    /// Lines on a page of the chronology.
    public static let pageSize = 100

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(
        _ id: ChildID, order: ChronologyOrder, category: ConcernCategory?, after position: ChronologyPosition? = nil,
        reason: FileOpeningReason, findingToLink query: String? = nil, by actor: Actor
    ) async throws -> ChildFile {
        try actor.require(.viewChildFile)
        return try await env.auditedRead(
            .child(id, .childFileOpened, by: actor.person, reason: reason.text),
            { tx in
                try await tx.concerns.keepAway(actor, fromChild: id)
                return try await Self.file(
                    id, order: order, category: category, after: position, findingToLink: query, for: actor, in: tx)
            },
            // Issue 12.2: the opening is of the file the record is kept in, and logged there.
            recording: { file in .child(file.child.id, .childFileOpened, by: actor.person, reason: reason.text) })
    }

    /// Issue 12.8: opens the file for a visit: the opening and its reason are audited once, and
    /// the session's visit begins (`FileVisit`).
    /// Returns the file opened: the one `id`'s record is kept in (issue 12.2).
    @discardableResult
    public func open(_ id: ChildID, reason: FileOpeningReason, session tokenHash: String, by actor: Actor)
        async throws -> ChildID
    {
        try actor.require(.viewChildFile)
        let now = env.clock.now()
        return try await env.write { tx in
            guard try await tx.concerns.child(id) != nil else { throw AccessError.notFound }
            let file = try await tx.concerns.file(of: id)
            try await tx.concerns.keepAway(actor, fromChild: file)
            try await tx.audit(.child(file, .childFileOpened, by: actor.person, reason: reason.text))
            try await tx.sessions.recordFileOpened(tokenHash: tokenHash, child: file, at: now)
            return file
        }
    }

    /// Issue 12.8: the file during a visit, or nil when this session has not opened it in the
    /// last half hour (then the reason is asked again). A visit's pages are covered by its opening.
    public func visit(
        _ id: ChildID, order: ChronologyOrder, category: ConcernCategory?, after position: ChronologyPosition? = nil,
        findingToLink query: String? = nil, session tokenHash: String, by actor: Actor
    ) async throws -> ChildFile? {
        try actor.require(.viewChildFile)
        let now = env.clock.now()
        let visited = try await env.read { tx -> ChildFile? in
            // A record merged into another file is shown as that file (issue 12.2).
            let file = try await tx.concerns.file(of: id)
            guard let opened = try await tx.sessions.fileOpened(tokenHash: tokenHash, child: file),
                FileVisit.isOpen(openedAt: opened, now: now)
            else { return nil }
            try await tx.concerns.keepAway(actor, fromChild: file)
            return try await Self.file(
                id, order: order, category: category, after: position, findingToLink: query, for: actor, in: tx)
        }
        // Issue 12.8: the children found by name to link are listed: each child's access log says
        // who saw their name (the file itself is covered by its opening).
        if let visited, !visited.linkable.isEmpty {
            try await env.unitOfWork.append { tx in
                try await tx.audit(
                    .listing(
                        .childrenListed, of: .children, visited.child.id.description,
                        children: visited.linkable.map(\.id), by: actor.person))
            }
        }
        return visited
    }

    static func file(
        _ id: ChildID, order: ChronologyOrder, category: ConcernCategory?, after position: ChronologyPosition?,
        findingToLink query: String?, for actor: Actor, in tx: any Reading
    ) async throws -> ChildFile {
        let terms = query.map(NameKey.searchTerms) ?? []
        guard try await tx.concerns.child(id) != nil else { throw AccessError.notFound }
        // Issue 12.2: the file the record is kept in, and every record in it.
        let fileID = try await tx.concerns.file(of: id)
        guard let child = try await tx.concerns.child(fileID) else { throw AccessError.notFound }
        let records = try await tx.concerns.records(inFile: fileID)
        let chronology = try await Self.page(
            of: records, order: order, category: category, after: position, size: Self.pageSize, in: tx)
        var linked: [ChildID] = []
        for record in records { linked += try await tx.cases.household(of: record) }
        let households = try await tx.concerns.files(of: linked)
        var seen = Set(records)
        let household = try await tx.concerns.children(
            linked.map { households[$0] ?? $0 }.filter { seen.insert($0).inserted })
        let excluded = Set(household.map(\.id) + records)
        // R3.2: the children to link are found by name (the best 20), never listed all at once.
        let linkable =
            terms.isEmpty
            ? []
            : try await tx.concerns.children(named: terms, limit: 21).filter { !excluded.contains($0.id) }.prefix(
                20
            ).map { $0 }
        // Issue 12.3: no child whose file keeps this reader away, in either list.
        let away = try await tx.concerns.keptAway(actor, among: household.map(\.id) + linkable.map(\.id))
        // Every record merged in, however deep: each can be taken out (with what was merged into it).
        var merges: [ChildMerge] = []
        for record in records.dropFirst() {
            if let merge = try await tx.concerns.merge(of: record) { merges.append(merge) }
        }
        let mergedRecords = Dictionary(
            try await tx.concerns.children(merges.map(\.child)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ChildFile(
            child: child, chronology: chronology, household: household.filter { !away.contains($0.id) },
            categories: ConcernCategory.allCases, linkable: linkable.filter { !away.contains($0.id) },
            merged: merges.compactMap { merge in
                mergedRecords[merge.child].map { MergedRecord(record: $0, merge: merge) }
            })
    }

    /// A page of the child's chronology: the lines in order from one index, put into words by
    /// their modules. With a category, lines about concerns of other categories are passed over,
    /// a page of lines at a time, until the page is full, the chronology ends, or ten pages of
    /// lines have been read: then the page holds what was found and the link goes on from there,
    /// so no request reads a whole long history.
    static func page(
        of records: [ChildID], order: ChronologyOrder, category: ConcernCategory?, after position: ChronologyPosition?,
        size: Int, in tx: any Reading
    ) async throws -> Chronology {
        var kept: [ChronologyEntry] = []
        var cursor = position
        var rounds = 0
        while true {
            rounds += 1
            // One more than a page, to know whether another follows.
            let lines = try await tx.chronology.lines(ofChildren: records, after: cursor, order: order, limit: size + 1)
            let read = Array(lines.prefix(size))
            for entry in try await words(for: read, in: tx)
            where category.map({ entry.categories.contains($0) }) ?? true {
                kept.append(entry)
                if kept.count == size {
                    let more = entry.line != read.last || lines.count > size
                    return Chronology(entries: kept, next: more ? entry.line.position : nil)
                }
            }
            guard lines.count > size, let last = read.last else { return Chronology(entries: kept, next: nil) }
            if rounds == 10 { return Chronology(entries: kept, next: last.position) }
            cursor = last.position
        }
    }

    /// Each module's words for its own lines, in the lines' order.
    static func words(for lines: [ChronologyLine], in tx: any Reading) async throws -> [ChronologyEntry] {
        guard !lines.isEmpty else { return [] }
        let concerns = Dictionary(
            try await tx.concerns.find(lines.map(\.concernID)).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var byLine: [String: ChronologyEntry] = [:]
        for source in ChronologySources.all {
            let own = lines.filter { source.kinds.contains($0.kind) }
            guard !own.isEmpty else { continue }
            for entry in try await source.entries(for: own, concerns: concerns, in: tx) {
                byLine["\(entry.kind.rawValue) \(entry.line.recordID)"] = entry
            }
        }
        return lines.compactMap { byLine["\($0.kind.rawValue) \($0.recordID)"] }
    }
}
