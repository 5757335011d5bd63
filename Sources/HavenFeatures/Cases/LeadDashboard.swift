import Foundation
import HavenDomain

/// Issue 12.7, R3.1, R3.3: what the DSL must see first on coming in: how many concerns wait for
/// triage at each priority and how many of those are late, the actions past their day, and the
/// reviews that have come due.
public struct Dashboard: Sendable {
    /// Concerns waiting for triage, by priority; each counted up to `LeadDashboard.counted`.
    public let waiting: [ConcernPriority: Int]
    /// Of those, the ones past the organisation's triage target.
    public let late: [ConcernPriority: Int]
    /// The actions past their due day, oldest first, at most `LeadDashboard.shown`.
    public let overdueActions: [CaseAction]
    public let overdueCount: Int
    /// The reviews due today or before, soonest first, at most `LeadDashboard.shown`.
    public let reviewsDue: [DueReview]
    public let reviewsDueCount: Int
    /// Issue 12.7, R2.6: allegation records started, waiting for the allegations module (longest first).
    public let allegations: [StartedAllegation]
    /// The names of the people who own the actions shown, and their concerns' references.
    public let names: [PersonID: String]
    public let references: [ConcernID: String]
    /// Issue 12.7: the name of the child each listed line is about (by its concern), so the DSL
    /// knows at a glance whom it is for; each of these children's access logs has the listing.
    public let children: [ConcernID: Words]
    /// The children named, for the listing's audit event.
    let childIDs: [ChildID]
    /// Issue 13.3: whether alert email is going out.
    public let email: EmailDelivery
}

/// Issue 13.3: what the DSL is told of alert email: not set up, or held up (the oldest unsent,
/// late once it has waited longer than the setting), or nothing when it goes.
public struct EmailDelivery: Sendable, Equatable {
    public let configured: Bool
    public let oldestUnsent: UnsentEmail?
    public let late: Bool
}

public struct LeadDashboard: Sendable {
    let env: HavenEnvironment
    /// Counted this far and no further, as the inbox counts.
    public static let counted = ViewInbox.waitingCountedTo
    public static let shown = 10
    /// Pages of the open actions read at most, looking for overdue ones the reader may see.
    static let pagesRead = 4

    public init(_ env: HavenEnvironment) { self.env = env }

    static func email(_ tx: any Reading, env: HavenEnvironment, now: Date) async throws -> EmailDelivery {
        let oldest = try await tx.alerts.oldestUnsentEmail()
        let late = oldest.map { now.timeIntervalSince($0.createdAt) > env.emailLateAfter } ?? false
        return EmailDelivery(configured: env.emailConfigured, oldestUnsent: oldest, late: late)
    }

    public func callAsFunction(by actor: Actor) async throws -> Dashboard {
        try actor.require(.viewInbox)
        let now = env.clock.now()
        let calendar = env.calendar
        let today = calendar.day(of: now)
        let attempt = AuditEntry(
            actor: actor.person, action: .dashboardRead, subjectType: .inbox, subjectID: "dashboard")
        return try await env.auditedRead(
            attempt,
            { tx in
                let target = try await tx.organisation.settings()?.triageTargetWorkingDays ?? 0
                let lateBefore = TriageTarget.lateIfRecordedBefore(
                    now: now, targetWorkingDays: target, calendar: calendar)
                let waiting = try await tx.concerns.untriagedCounts(
                    recordedBefore: nil, upTo: Self.counted, keepingAway: actor.person)
                var late = try await tx.concerns.untriagedCounts(
                    recordedBefore: lateBefore, upTo: Self.counted, keepingAway: actor.person)
                // An urgent concern is late once the day it was recorded has ended (issue 12.7).
                let urgentBefore = TriageTarget.urgentLateIfRecordedBefore(now: now, calendar: calendar)
                if urgentBefore > lateBefore {
                    late[.urgent] = try await tx.concerns.untriagedCounts(
                        recordedBefore: urgentBefore, upTo: Self.counted, keepingAway: actor.person)[.urgent]
                }
                // Overdue actions come first in the open queue (soonest due first): read a page at a
                // time until enough are found that this reader may see (reviews are listed apart).
                var overdue: [CaseAction] = []
                var position: OpenActionPosition?
                for _ in 0..<Self.pagesRead {
                    let page = try await tx.cases.openActions(after: position, limit: Self.shown * 5)
                    let away = try await tx.concerns.keepingAway(actor.person, among: page.map(\.concernID))
                    let reviews = try await tx.cases.reviewActions(among: page.map(\.id))
                    overdue += page.filter {
                        $0.dueOn < today && !away.contains($0.concernID) && !reviews.contains($0.id)
                    }
                    guard let last = page.last, page.count == Self.shown * 5, last.dueOn < today,
                        overdue.count < Self.shown
                    else { break }
                    position = OpenActionPosition(after: last)
                }
                overdue = Array(overdue.prefix(Self.shown))
                let counts = try await tx.cases.openActionCounts(overdueBefore: today)
                let overdueReviews = try await tx.cases.reviewActionsOverdueCount(before: today, upTo: .max)
                let keptAway = try await tx.cases.keptAwayCounts(
                    actor.person, overdueBefore: today, reviewsOnOrBefore: today)
                let due = try await tx.cases.reviewsDue(onOrBefore: today, limit: Self.shown * 2)
                let reviewsAway = try await tx.concerns.keepingAway(actor.person, among: due.map(\.concernID))
                let started = try await tx.cases.allegationsStarted(concerns: nil, limit: Self.shown * 2)
                let allegationsAway = try await tx.concerns.keepingAway(
                    actor.person, among: started.map(\.concernID))
                let owners = try await tx.people.find(overdue.map(\.owner))
                let reviews = Array(due.filter { !reviewsAway.contains($0.concernID) }.prefix(Self.shown))
                let allegations = Array(
                    started.filter { !allegationsAway.contains($0.concernID) }.prefix(Self.shown))
                let concerns = try await tx.concerns.find(
                    Array(
                        Set(
                            overdue.map(\.concernID) + reviews.map(\.concernID) + allegations.map(\.concernID))))
                let records = Dictionary(
                    try await tx.concerns.children(Array(Set(concerns.map(\.childID)))).map { ($0.id, $0) },
                    uniquingKeysWith: { a, _ in a })
                return Dashboard(
                    waiting: waiting, late: late, overdueActions: overdue,
                    overdueCount: max(0, counts.overdue - overdueReviews - keptAway.overdueActions),
                    reviewsDue: reviews,
                    reviewsDueCount: max(
                        0,
                        try await tx.cases.reviewsDueCount(onOrBefore: today, upTo: .max) - keptAway.reviews),
                    allegations: allegations,
                    names: Dictionary(owners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                    references: Dictionary(concerns.map { ($0.id, $0.reference) }, uniquingKeysWith: { a, _ in a }),
                    children: Dictionary(
                        concerns.map { ($0.id, records[$0.childID]?.details.shownName ?? Words("person.unknown")) },
                        uniquingKeysWith: { a, _ in a }),
                    childIDs: concerns.map(\.childID),
                    email: try await Self.email(tx, env: env, now: now))
            },
            // The children named on it have this in their access logs.
            recording: { dashboard in
                .listing(.dashboardRead, of: .inbox, "dashboard", children: dashboard.childIDs, by: actor.person)
            })
    }
}
