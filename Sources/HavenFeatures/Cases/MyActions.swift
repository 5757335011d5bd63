import Foundation
import HavenDomain

/// Issue 12.7, R3.3: an action given to someone, as they see it on their home page: what to do,
/// by when, and who asked: what they need to do it and nothing more (never the concern).
public struct OwnAction: Sendable {
    public let id: CaseActionID
    public let description: String
    public let dueOn: Day
    public let overdue: Bool
    /// Who set it, for a question about it; nil when the reader set it themselves.
    public let setBy: Words?
    /// The concern's reference, for a lead, who may open it; nil for anyone else.
    public let concern: (id: ConcernID, reference: String)?
}

/// Issue 12.7: the actions given to the person asking, not yet done, soonest due first.
public struct MyActions: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// How many actions wait for the person, without reading them (shown before the second factor).
    /// A review is not counted: it is on the dashboard of the lead who set it.
    /// Nor is one the person is kept away from: the page must not hint that one is hidden.
    public func count(by actor: Actor) async throws -> Int {
        try await env.read { tx in try await Self.shown(to: actor, in: tx).count }
    }

    /// The most actions listed at once, soonest due first.
    public static let shownAtOnce = 50

    /// The person's open actions that are theirs to see here, at most `shownAtOnce`.
    static func shown(to actor: Actor, in tx: any Reading) async throws -> [CaseAction] {
        let owned = try await tx.cases.openActions(ownedBy: actor.person, limit: shownAtOnce)
        let away = try await tx.concerns.keepingAway(actor.person, among: owned.map(\.concernID))
        let reviews = try await tx.cases.reviewActions(among: owned.map(\.id))
        return owned.filter { !away.contains($0.concernID) && !reviews.contains($0.id) }
    }

    public func callAsFunction(by actor: Actor) async throws -> [OwnAction] {
        try actor.require(.readOwnActions)
        let now = env.clock.now()
        let calendar = env.calendar
        // A list, as the inbox is: each child's access log says the person saw an action about them.
        let attempt = AuditEntry(
            actor: actor.person, action: .ownActionsRead, subjectType: .inbox, subjectID: "actions")
        let (actions, names, references) = try await env.auditedRead(
            attempt,
            { tx in
                let actions = try await Self.shown(to: actor, in: tx)
                let concerns =
                    actor.isSafeguardingLead ? try await tx.concerns.find(Array(Set(actions.map(\.concernID)))) : []
                return (
                    actions, PersonNames(try await tx.people.find(actions.map(\.createdBy))),
                    Dictionary(concerns.map { ($0.id, $0.reference) }, uniquingKeysWith: { a, _ in a })
                )
            },
            recording: { found in
                // Nothing listed, nothing read: no event for every visit to an empty home page.
                found.0.isEmpty
                    ? nil
                    : .listing(
                        .ownActionsRead, of: .inbox, "actions", children: found.0.map(\.childID), by: actor.person)
            })
        return actions.map { action in
            OwnAction(
                id: action.id, description: action.description, dueOn: action.dueOn,
                overdue: action.isOverdue(at: now, calendar: calendar),
                setBy: action.createdBy == actor.person ? nil : names[action.createdBy],
                concern: references[action.concernID].map { (action.concernID, $0) })
        }
    }
}
