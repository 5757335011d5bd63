import Foundation
import HavenDomain

/// R3.1, R3.3: a page of the DSL's inbox: untriaged concerns by priority and age, late ones
/// marked, how many wait in all, and open actions.
public struct Inbox: Sendable {
    public let entries: [InboxEntry]
    /// How many concerns wait for triage in all.
    public let waiting: Int
    /// Where the next page starts, if there is one.
    public let next: InboxPosition?
    public let overdueActions: [CaseAction]
    public let openActions: [CaseAction]
    public let names: [PersonID: String]
}

/// R3.1: lists the inbox, a page at a time. It names children, so opening it is audited like any
/// case content.
public struct ViewInbox: Sendable {
    let env: HavenEnvironment
    public static let pageSize = 50

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(after position: InboxPosition? = nil, by actor: Actor) async throws -> Inbox {
        try actor.require(.viewInbox)
        let now = env.clock.now()
        let calendar = env.calendar
        let size = Self.pageSize
        return try await env.auditedRead(AuditEntry(actor: actor.person, action: .inboxRead)) { tx in
            let target = try await tx.organisation.settings()?.triageTargetWorkingDays ?? 0
            // One more than a page, to know whether another follows.
            let rows = try await tx.concerns.untriaged(after: position, limit: size + 1)
            let page = Array(rows.prefix(size))
            let children = Dictionary(
                try await tx.concerns.children(page.map(\.childID)).map { ($0.id, $0) },
                uniquingKeysWith: { a, _ in a })
            let entries = page.map { concern in
                let due = TriageTarget.due(
                    recordedAt: concern.recordedAt, targetWorkingDays: target, calendar: calendar)
                return InboxEntry(
                    concernID: concern.concernID, reference: concern.reference, childID: concern.childID,
                    childName: children[concern.childID]?.details.displayName ?? "Unknown",
                    priority: concern.priority, recordedAt: concern.recordedAt, triageDue: due, isLate: now >= due)
            }
            let open = try await tx.cases.openActions()
            let people = try await tx.people.all()
            return Inbox(
                entries: entries, waiting: try await tx.concerns.untriagedCount(),
                next: rows.count > size ? page.last?.position : nil,
                overdueActions: open.filter { $0.isOverdue(at: now) }, openActions: open,
                names: Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
        }
    }
}
