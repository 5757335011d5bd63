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
}

public struct LeadDashboard: Sendable {
    let env: HavenEnvironment
    /// Counted this far and no further, as the inbox counts.
    public static let counted = ViewInbox.waitingCountedTo
    public static let shown = 10

    public init(_ env: HavenEnvironment) { self.env = env }

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
                let late = try await tx.concerns.untriagedCounts(
                    recordedBefore: lateBefore, upTo: Self.counted, keepingAway: actor.person)
                // Overdue actions come first in the open queue (soonest due first).
                let soonest = try await tx.cases.openActions(after: nil, limit: Self.shown * 2)
                let away = try await tx.concerns.keepingAway(actor.person, among: soonest.map(\.concernID))
                let overdue = Array(
                    soonest.filter { $0.dueOn < today && !away.contains($0.concernID) }.prefix(Self.shown))
                let counts = try await tx.cases.openActionCounts(overdueBefore: today)
                let due = try await tx.cases.reviewsDue(onOrBefore: today, limit: Self.shown * 2)
                let reviewsAway = try await tx.concerns.keepingAway(actor.person, among: due.map(\.concernID))
                let started = try await tx.cases.allegationsStarted(concerns: nil, limit: Self.shown * 2)
                let allegationsAway = try await tx.concerns.keepingAway(
                    actor.person, among: started.map(\.concernID))
                let owners = try await tx.people.find(overdue.map(\.owner))
                let concerns = try await tx.concerns.find(Array(Set(overdue.map(\.concernID))))
                return Dashboard(
                    waiting: waiting, late: late, overdueActions: overdue, overdueCount: counts.overdue,
                    reviewsDue: Array(due.filter { !reviewsAway.contains($0.concernID) }.prefix(Self.shown)),
                    reviewsDueCount: try await tx.cases.reviewsDueCount(onOrBefore: today, upTo: Self.counted),
                    allegations: Array(started.filter { !allegationsAway.contains($0.concernID) }.prefix(Self.shown)),
                    names: Dictionary(owners.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                    references: Dictionary(concerns.map { ($0.id, $0.reference) }, uniquingKeysWith: { a, _ in a }))
            },
            // The children the overdue actions are about have this in their access logs.
            recording: { dashboard in
                .listing(
                    .dashboardRead, of: .inbox, "dashboard", children: dashboard.overdueActions.map(\.childID),
                    by: actor.person)
            })
    }
}
