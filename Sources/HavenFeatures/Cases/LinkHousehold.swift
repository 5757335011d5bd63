import Foundation
import HavenDomain

/// R3.2: links two children in one household, so each file cross-references the other.
public struct LinkHousehold: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ child: ChildID, with other: ChildID, by actor: Actor) async throws {
        try actor.require(.manageCase)
        guard child != other else { throw InvalidInput(field: "otherChild", "cases.otherChild.chooseADifferentChild") }
        try await env.authorise(.child(child, .householdLinked, by: actor.person)) { tx in
            guard try await tx.concerns.child(child) != nil else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, fromChild: child)
            guard try await tx.concerns.child(other) != nil,
                try await !tx.concerns.keepsAway(actor.person, fromChild: other)
            else {
                throw InvalidInput(field: "otherChild", "cases.otherChild.thatChildWasNotFound")
            }
            // Issue 12.2: two records of one child are one file, not a household.
            let files = try await tx.concerns.files(of: [child, other])
            guard files[child] ?? child != files[other] ?? other else {
                throw InvalidInput(field: "otherChild", "cases.otherChild.chooseADifferentChild")
            }
        }
        try await env.write { tx in
            try await tx.cases.linkHousehold(child, other)
            try await tx.audit(.child(child, .householdLinked, by: actor.person))
            try await tx.audit(.child(other, .householdLinked, by: actor.person))
        }
    }
}

/// R3.2: the children Haven holds files for, for the DSL to find and link, a page at a time in
/// name order, or those whose name has words starting with what was typed. Names are case content.
public struct ListChildren: Sendable {
    let env: HavenEnvironment
    public static let pageSize = 50

    public init(_ env: HavenEnvironment) { self.env = env }

    public struct Page: Sendable {
        /// Each with their age, school and last concern, to tell children of one name apart.
        public let children: [ChildSummary]
        /// Where the next page starts, if there is one (a search shows one page of the best matches).
        public let next: ChildListPosition?
    }

    public func callAsFunction(after position: ChildListPosition? = nil, named query: String? = nil, by actor: Actor)
        async throws -> Page
    {
        try actor.require(.viewChildFile)
        let terms = query.map(NameKey.searchTerms) ?? []
        let calendar = env.calendar
        let today = calendar.day(of: env.clock.now())
        return try await env.auditedRead(
            AuditEntry(actor: actor.person, action: .childrenListed, subjectType: .children, subjectID: "list"),
            { tx in
                if !terms.isEmpty {
                    let found = try await tx.concerns.children(named: terms, limit: Self.pageSize)
                    let away = try await tx.concerns.keptAway(actor, among: found.map(\.id))
                    return Page(
                        children: try await ChildSummary.of(
                            found.filter { !away.contains($0.id) }, today: today, calendar: calendar, in: tx),
                        next: nil)
                }
                let children = try await tx.concerns.children(after: position, limit: Self.pageSize + 1)
                let page = Array(children.prefix(Self.pageSize))
                // Issue 12.3: a child whose file keeps this reader away is not listed to them.
                let away = try await tx.concerns.keptAway(actor, among: page.map(\.id))
                return Page(
                    children: try await ChildSummary.of(
                        page.filter { !away.contains($0.id) }, today: today, calendar: calendar, in: tx),
                    next: children.count > Self.pageSize ? page.last.map(ChildListPosition.init(after:)) : nil)
            },
            // Issue 12.8: each child named on the page has this in their access log.
            recording: { page in
                .listing(
                    .childrenListed, of: .children, "list", children: page.children.map(\.record.id), by: actor.person)
            })
    }
}
