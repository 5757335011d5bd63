import FluentKit
import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import SQLKit
import Testing

@testable import HavenPersistence

/// R3.3, N1: the inbox shows the open actions due soonest and counts the rest from an index, so
/// it costs the same with ten actions ever set or a hundred thousand; overdue means the due day
/// has ended where the organisation is.
@Suite("R3.3 open actions from their own queue, on both databases")
struct OpenActionsTests {
    /// 80 actions due over 40 days around "today" (a summer evening, 23:30 UTC, already the next
    /// day in London); 10 of them completed.
    @Test(arguments: TestDatabaseKind.available)
    func theInboxShowsTheSoonestAndCountsTheRest(_ kind: TestDatabaseKind) async throws {
        // Set before the first is due (a day already gone is refused), then read on the evening.
        let clock = TestClock(ISO8601DateFormatter().date(from: "2026-06-19T12:00:00Z")!)
        try await TestHaven.with(kind, clock: clock) { haven in
            let concern = try await haven.recordConcern(about: "Action Child").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            var set: [CaseAction] = []
            for index in 0..<80 {
                let due = Calendar(identifier: .gregorian).date(
                    byAdding: .day, value: index / 2 - 20, to: Day(2026, 7, 10).midnightUTC)!
                set.append(
                    try await SetAction(haven.env)(
                        on: concern, description: "Action \(index)", owner: nil, dueOn: Day(utc: due).iso, by: dsl))
            }
            clock.set(ISO8601DateFormatter().date(from: "2026-07-10T23:30:00Z")!)
            for action in set.filter({ Int($0.description.dropFirst(7))! % 8 == 0 }) {
                _ = try await CompleteAction(haven.env)(action.id, by: dsl)
            }
            let open = set.filter { Int($0.description.dropFirst(7))! % 8 != 0 }
            // It is 11 July in London: everything due up to and including 10 July is overdue.
            let overdue = open.filter { $0.dueOn <= Day(2026, 7, 10) }
            #expect(overdue.count > 0 && overdue.contains { $0.dueOn == Day(2026, 7, 10) })
            let inbox = try await ViewInbox(haven.env)(by: dsl)
            #expect(inbox.actionCounts == OpenActionCounts(open: 70, overdue: overdue.count))
            #expect(inbox.openActions.count == ViewInbox.actionsShown)
            let expected = open.sorted { ($0.dueOn, $0.id.description) < ($1.dueOn, $1.id.description) }
            #expect(inbox.openActions.map(\.id) == expected.prefix(ViewInbox.actionsShown).map(\.id))
            #expect(inbox.names[dsl.person] == "Fixture dsl")

            // The page shows the same: the count of overdue, and how many of all are shown.
            let session = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/inbox", headers: session.cookieHeaders).body.string
            #expect(page.contains("(\(overdue.count) overdue)"))
            #expect(page.contains("Showing the 50 due soonest of 70 open actions."))

            // The rest are read a page further on, each once.
            let rest = try await haven.env.unitOfWork.read { tx in
                try await tx.cases.openActions(after: OpenActionPosition(after: inbox.openActions.last!), limit: 50)
            }
            #expect(rest.map(\.id) == expected.dropFirst(ViewInbox.actionsShown).map(\.id))

            // Filled in from the actions already kept, the queue is the same.
            // (M017_OpenActions ran before case content was sealed, so it reads the values in plain.)
            let db = haven.app.db(HavenDatabase.id)
            try await haven.storeInPlain("case_actions", "body")
            try await M017_OpenActions().revert(on: db)
            try await M017_OpenActions().prepare(on: db)
            try await haven.sealAgain()
            #expect(try await ViewInbox(haven.env)(by: dsl).openActions.map(\.id) == inbox.openActions.map(\.id))
            #expect(try await ViewInbox(haven.env)(by: dsl).actionCounts == inbox.actionCounts)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aPageAndTheCountsUseTheIndex(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            for query in [
                "SELECT action_id FROM open_actions WHERE (due_on, action_id) > ('2026-07-01', 'x') ORDER BY due_on, action_id LIMIT 50",
                "SELECT COUNT(*) AS n FROM open_actions WHERE due_on < '2026-07-11'",
            ] {
                let plan = try await haven.queryPlan(query)
                print("open actions plan (\(kind)): \(query)\n\(plan)")
                #expect(plan.contains("open_actions_by_due"), "\(plan)")
                #expect(
                    !plan.contains("TEMP B-TREE") && !plan.contains("Sort") && !plan.contains("Seq Scan"), "\(plan)")
            }
        }
    }
}
