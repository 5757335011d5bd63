import Foundation
import HavenDomain

/// R3.1, R3.3: a page of the DSL's inbox: untriaged concerns by priority and age, late ones
/// marked, how many wait in all, and open actions.
public struct Inbox: Sendable {
    public let entries: [InboxEntry]
    /// How many concerns wait for triage in all, counted up to `waitingCountedTo`.
    public let waiting: Int
    /// True when at least `waiting` wait (the count stopped at `waitingCountedTo`).
    public var waitingAtLeast: Bool { waiting >= ViewInbox.waitingCountedTo }
    /// Where the next page starts, if there is one.
    public let next: InboxPosition?
    /// R3.3: the open actions due soonest (overdue first), at most `actionsShown`.
    public let openActions: [CaseAction]
    /// How many actions are open, and how many of those are overdue, in all.
    public let actionCounts: OpenActionCounts
    /// The names of the people who own the actions shown.
    public let names: [PersonID: String]
}

/// R3.1: lists the inbox, a page at a time. It names children, so opening it is audited like any
/// case content.
public struct ViewInbox: Sendable {
    let env: HavenEnvironment
    public static let pageSize = 50
    /// The waiting concerns are counted this far and no further: beyond a thousand the number
    /// tells a DSL nothing more, and counting ten thousand was a tenth of every inbox page's time.
    public static let waitingCountedTo = 1_000
    /// Open actions shown, soonest due first: every overdue one comes before any that is not.
    public static let actionsShown = 50

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(after position: InboxPosition? = nil, by actor: Actor) async throws -> Inbox {
        try actor.require(.viewInbox)
        let now = env.clock.now()
        let calendar = env.calendar
        let size = Self.pageSize
        let listed = AuditEntry(actor: actor.person, action: .inboxRead, subjectType: .inbox, subjectID: "inbox")
        return try await env.auditedRead(
            listed,
            { tx in
                let target = try await tx.organisation.settings()?.triageTargetWorkingDays ?? 0
                // One more than a page, to know whether another follows.
                let rows = try await tx.concerns.untriaged(after: position, limit: size + 1)
                // Issue 12.3: a concern naming this person as having caused harm is not theirs to see.
                let away = try await tx.concerns.keepingAway(actor.person, among: rows.map(\.concernID))
                let page = Array(rows.prefix(size)).filter { !away.contains($0.concernID) }
                let children = Dictionary(
                    try await tx.concerns.children(page.map(\.childID)).map { ($0.id, $0) },
                    uniquingKeysWith: { a, _ in a })
                // A page's concerns were mostly recorded on a few days, and a deadline depends only on
                // the day and whether the concern is urgent: each is worked out once.
                var dueByDay: [Day: [Bool: Date]] = [:]
                let entries = page.map { concern in
                    let day = calendar.day(of: concern.recordedAt)
                    let urgent = concern.priority == .urgent
                    let due =
                        dueByDay[day]?[urgent]
                        ?? TriageTarget.due(
                            recordedAt: concern.recordedAt, priority: concern.priority, targetWorkingDays: target,
                            calendar: calendar)
                    dueByDay[day, default: [:]][urgent] = due
                    return InboxEntry(
                        concernID: concern.concernID, reference: concern.reference, childID: concern.childID,
                        childName: children[concern.childID]?.details.shownName ?? Words("person.unknown"),
                        priority: concern.priority, recordedAt: concern.recordedAt, triageDue: due, isLate: now >= due)
                }
                let listed = try await tx.cases.openActions(after: nil, limit: Self.actionsShown)
                let awayActions = try await tx.concerns.keepingAway(actor.person, among: listed.map(\.concernID))
                let open = listed.filter { !awayActions.contains($0.concernID) }
                // An action is overdue once its day has ended where the organisation is.
                let counts = try await tx.cases.openActionCounts(overdueBefore: calendar.day(of: now))
                let owners = try await tx.people.find(open.map(\.owner))
                return Inbox(
                    // Issue 12.3: not counting what this reader is kept away from.
                    entries: entries,
                    waiting: max(
                        0,
                        try await tx.concerns.untriagedCount(upTo: Self.waitingCountedTo)
                            - tx.concerns.untriagedKeepingAway(actor.person)),
                    next: rows.count > size ? rows[size - 1].position : nil, openActions: open, actionCounts: counts,
                    names: Dictionary(owners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
            },
            // Issue 12.8: each child named on the page has this in their access log.
            recording: { inbox in
                .listing(.inboxRead, of: .inbox, "inbox", children: inbox.entries.map(\.childID), by: actor.person)
            })
    }
}
