import Fluent
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing

/// R3.1, N1: the inbox is read a page at a time, by key, from a queue indexed in its order, so
/// a page costs the same with twenty concerns waiting or twenty thousand.
@Suite("R3.1 the inbox a page at a time, on both databases")
struct InboxPagingTests {
    /// 120 concerns of mixed priority: paging through visits each once, in the inbox's order;
    /// a decided concern leaves the queue.
    @Test(arguments: TestDatabaseKind.available)
    func pagesVisitEveryWaitingConcernOnceInOrder(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: { $0.limits.concernsPerPersonPer10Minutes = 1_000 }) { haven in
            var recorded: [ConcernID] = []
            for index in 0..<120 {
                haven.clock.advance(by: 1)
                let categories: [ConcernCategory] = index % 3 == 0 ? [.sexualAbuse] : [.neglect]
                recorded.append(
                    try await haven.recordConcern(
                        about: "Paged \(index)", categories: categories, immediateDanger: index % 7 == 0
                    ).receipt.concernID)
            }
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            var seen: [InboxEntry] = []
            var position: InboxPosition? = nil
            var pages = 0
            repeat {
                let inbox = try await ViewInbox(haven.env)(after: position, by: dsl)
                #expect(inbox.entries.count <= ViewInbox.pageSize)
                #expect(inbox.waiting == 120)
                seen += inbox.entries
                position = inbox.next
                pages += 1
            } while position != nil && pages < 10
            #expect(pages == 3)
            #expect(
                seen.map(\.concernID).sorted { $0.description < $1.description }
                    == recorded.sorted { $0.description < $1.description })
            #expect(seen == TriageTarget.ordered(seen))
            #expect(seen.first?.priority == .urgent && seen.last?.priority == .normal)
            // Decided: gone from the queue.
            let first = try #require(seen.first)
            _ = try await TriageConcern(haven.env)(
                first.concernID,
                try TriageInput.validated(
                    outcome: "no_further_action", rationale: "Explained by a fall at school, seen by staff.",
                    threshold: "universal", consulted: "nobody",
                    reviewDate: nil, adviceGivenBy: nil, adviceGivenAt: nil, advice: nil, shareWithRecorder: nil,
                    now: haven.clock.now(), timeZone: haven.env.calendar.timeZone), by: dsl)
            let after = try await ViewInbox(haven.env)(by: dsl)
            #expect(after.waiting == 119 && !after.waitingAtLeast)
            // The count stops at its cap, so a page never counts the whole queue.
            let counted = try await haven.env.unitOfWork.read { tx in
                (try await tx.concerns.untriagedCount(upTo: 50), try await tx.concerns.untriagedCount(upTo: 1_000))
            }
            #expect(counted.0 == 50 && counted.1 == 119)
            #expect(!after.entries.contains { $0.concernID == first.concernID })
        }
    }

    /// The page query is answered from the queue's index, not by reading the table: the plan
    /// names the index on both databases (on PostgreSQL with sequential scans turned off, since
    /// with a handful of rows it would rightly prefer one).
    @Test(arguments: TestDatabaseKind.available)
    func thePageQueryUsesTheQueuesIndex(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let query = """
                SELECT u.concern_id FROM untriaged_concerns u JOIN concerns c ON c.id = u.concern_id
                WHERE (u.priority, u.recorded_at, u.concern_id) > (1, 5, 'x') ORDER BY u.priority, u.recorded_at, u.concern_id LIMIT 51
                """
            let plan = try await haven.queryPlan(query)
            print("inbox page plan (\(kind)):\n\(plan)")
            #expect(plan.contains("untriaged_concerns_order"), "\(plan)")
            #expect(
                !plan.contains("SCAN u\n") && !plan.contains("SCAN untriaged_concerns\n")
                    && !plan.contains("USE TEMP B-TREE FOR ORDER BY"), "\(plan)")
        }
    }

    /// The page and the API give the next page's link; a made-up one is refused naming `after`.
    /// Two concerns recorded in the same millisecond, late in it: the next-page token must round
    /// the time as it was stored (down), or the second one falls between the pages.
    @Test(arguments: TestDatabaseKind.available)
    func concernsInTheSameMillisecondAreEachPagedOnce(_ kind: TestDatabaseKind) async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_795_000_000.0008))
        try await TestHaven.with(kind, clock: clock) { haven in
            try await haven.recordConcern(about: "Same Moment One")
            try await haven.recordConcern(about: "Same Moment Two")
            let first = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.untriaged(after: nil, limit: 1)
            }
            let position = try #require(first.first).position
            let second = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.untriaged(after: position, limit: 1)
            }
            #expect(second.count == 1)
            #expect(second.first?.concernID != first.first?.concernID)
        }
    }

    /// A triage deadline is the end of a working day, shown as that day: a DSL read "Triage due
    /// Tue 1 Dec 2026, 00:00" for a concern due by the end of Monday.
    @Test func aDeadlineIsShownAsTheDayItEnds() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let recorded = try await haven.recordConcern(about: "Deadline Child")
            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/inbox", headers: dsl.cookieHeaders).body.string
            let target = try await haven.env.unitOfWork.read { tx in
                try await tx.organisation.settings()?.triageTargetWorkingDays ?? 0
            }
            let calendar = haven.env.calendar
            let due = TriageTarget.due(
                recordedAt: recorded.receipt.recordedAt, targetWorkingDays: target, calendar: calendar)
            #expect(calendar.day(of: due) != calendar.day(of: due.addingTimeInterval(-1)), "a deadline ends a day")
            let day = haven.env.words.day(calendar.day(of: due.addingTimeInterval(-1)))
            #expect(page.contains("By the end of \(day)"), "\(page)")
            #expect(!page.contains(", 00:00"))
        }
    }

    @Test func thePageAndTheAPILinkToTheNextPage() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.limits.concernsPerPersonPer10Minutes = 1_000 }) { haven in
            for index in 0..<51 { _ = try await haven.recordConcern(about: "Linked Page \(index)") }
            let dsl = try await haven.signIn("dsl")
            let first = try await haven.request(.GET, "/inbox", headers: dsl.cookieHeaders).body.string
            #expect(first.contains("51 waiting for triage"))
            let next = try #require(first.firstMatch(of: /href="\/inbox\?after=([^"]+)"/)?.1)
            let second = try await haven.request(.GET, "/inbox?after=\(next)", headers: dsl.cookieHeaders)
            #expect(second.status == .ok)
            #expect(second.body.string.components(separatedBy: "<tr class=").count - 1 == 1)
            #expect(!second.body.string.contains("inbox-next"))
            // A later page links back to the first; the first has nowhere to go back to.
            #expect(second.body.string.contains(#"id="inbox-first" href="/inbox""#) && !first.contains("inbox-first"))
            let api = try await haven.api(.GET, "/api/v1/inbox", session: dsl).body.string
            #expect(api.contains("\"waiting\":51") && api.contains("\"next\":\"\(next)\""))
            let bogus = try await haven.api(.GET, "/api/v1/inbox?after=1.2.not-an-id", session: dsl)
            #expect(bogus.status == .badRequest)
            #expect(bogus.body.string.contains("\"field\":\"after\""))
        }
    }
}
