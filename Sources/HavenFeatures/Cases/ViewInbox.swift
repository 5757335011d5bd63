import Foundation
import HavenDomain

/// R3.1, R3.3: the DSL's inbox: untriaged concerns by priority and age, late ones marked,
/// and overdue actions.
public struct Inbox: Sendable {
    public let entries: [InboxEntry]
    public let overdueActions: [CaseAction]
    public let openActions: [CaseAction]
    public let names: [PersonID: String]
}

/// R3.1: lists the inbox. It names children, so opening it is audited like any case content.
public struct ViewInbox: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(by actor: Actor) async throws -> Inbox {
        try actor.require(.viewInbox)
        let now = env.clock.now(), calendar = env.calendar
        return try await env.auditedRead(AuditEntry(actor: actor.person, action: .inboxRead)) { tx in
            let target = try await tx.organisation.settings()?.triageTargetWorkingDays ?? 0
            let concerns = try await tx.concerns.untriaged()
            let children = Dictionary(try await tx.concerns.children(concerns.map(\.childID)).map { ($0.id, $0) },
                                      uniquingKeysWith: { a, _ in a })
            let entries = concerns.map { concern in
                let due = TriageTarget.due(recordedAt: concern.recordedAt, targetWorkingDays: target, calendar: calendar)
                return InboxEntry(concernID: concern.id, reference: concern.reference, childID: concern.childID,
                                  childName: children[concern.childID]?.details.displayName ?? "Unknown",
                                  priority: concern.priority, recordedAt: concern.recordedAt, triageDue: due, isLate: now >= due)
            }
            let open = try await tx.cases.openActions()
            let people = try await tx.people.all()
            return Inbox(entries: TriageTarget.ordered(entries), overdueActions: open.filter { $0.isOverdue(at: now) },
                         openActions: open, names: Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}
