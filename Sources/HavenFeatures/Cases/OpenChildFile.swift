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
}

/// R3.2, R7.7: opens a child's file as one chronology. The opening and its reason are audited
/// so the DSL can see who opened the file, when and why.
public struct OpenChildFile: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(
        _ id: ChildID, order: ChronologyOrder, category: ConcernCategory?, reason: FileOpeningReason,
        findingToLink query: String? = nil, by actor: Actor
    ) async throws -> ChildFile {
        let terms = query.map(ChildNameKey.searchTerms) ?? []
        try actor.require(.viewChildFile)
        return try await env.auditedRead(.child(id, .childFileOpened, by: actor.person, reason: reason.text)) { tx in
            guard let child = try await tx.concerns.child(id) else { throw AccessError.notFound }
            let concerns = try await tx.concerns.concerns(aboutChild: id)
            let names = PersonNames(try await tx.people.all())
            var entries: [ChronologyEntry] = []
            for source in ChronologySources.all {
                entries += try await source.entries(about: concerns, names: names, in: tx)
            }
            let household = try await tx.concerns.children(try await tx.cases.household(of: id))
            let excluded = Set(household.map(\.id) + [id])
            // R3.2: the children to link are found by name (the best 20), never listed all at once.
            let linkable =
                terms.isEmpty
                ? []
                : try await tx.concerns.children(named: terms, limit: 21).filter { !excluded.contains($0.id) }.prefix(
                    20
                ).map { $0 }
            let categories = Set(concerns.flatMap(\.content.categories))
            return ChildFile(
                child: child, chronology: Chronology(entries: entries, order: order, category: category),
                household: household, categories: ConcernCategory.allCases.filter(categories.contains),
                linkable: linkable)
        }
    }
}
