import Foundation
import HavenDomain

/// Issue 12.7, R3.3: an action given to someone, as they see it on their home page: what to do,
/// by when, and who asked: what they need to do it and nothing more (never the concern).
public struct OwnAction: Sendable, Equatable {
    public let id: CaseActionID
    public let description: String
    public let dueOn: Day
    public let overdue: Bool
    /// Who set it, for a question about it.
    public let setBy: Words
}

/// Issue 12.7: the actions given to the person asking, not yet done, soonest due first.
public struct MyActions: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// How many actions wait for the person, without reading them (shown before the second factor).
    public func count(by actor: Actor) async throws -> Int {
        try await env.read { tx in try await tx.cases.openActions(ownedBy: actor.person).count }
    }

    public func callAsFunction(by actor: Actor) async throws -> [OwnAction] {
        try actor.require(.readOwnActions)
        let now = env.clock.now()
        let calendar = env.calendar
        let attempt = AuditEntry(actor: actor.person, action: .ownActionsRead, subjectType: .action, subjectID: "own")
        let (actions, names) = try await env.auditedRead(
            attempt,
            { tx in
                let owned = try await tx.cases.openActions(ownedBy: actor.person)
                let away = try await tx.concerns.keepingAway(actor.person, among: owned.map(\.concernID))
                let actions = owned.filter { !away.contains($0.concernID) }
                return (actions, PersonNames(try await tx.people.find(actions.map(\.createdBy))))
            },
            recording: { found in
                .listing(.ownActionsRead, of: .action, "own", children: found.0.map(\.childID), by: actor.person)
            })
        return actions.map {
            OwnAction(
                id: $0.id, description: $0.description, dueOn: $0.dueOn,
                overdue: $0.isOverdue(at: now, calendar: calendar), setBy: names[$0.createdBy])
        }
    }
}
