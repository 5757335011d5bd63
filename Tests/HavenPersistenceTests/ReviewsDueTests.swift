import FluentKit
import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import SQLKit
import Testing

@testable import HavenPersistence

/// Issue 12.7, R3.1, N1: the reviews the DSL set are a queue of their own, each concern's review
/// the one its latest decision set, filled in from the decisions already kept, and read (like the
/// dashboard's counts of concerns waiting) from indexes, however many concerns there are.
@Suite("Issue 12.7 reviews due and the dashboard's counts, on both databases")
struct ReviewsDueTests {
    static func decide(
        _ haven: TestHaven, _ concern: ConcernID, _ outcome: String, review: String?, by dsl: Actor
    ) async throws {
        let input = try TriageInput.validated(
            outcome: outcome, rationale: "Because.", threshold: "universal", consulted: "nobody",
            reviewDate: review, adviceGivenBy: nil, adviceGivenAt: nil, advice: nil, shareWithRecorder: nil,
            now: haven.clock.now(), timeZone: TimeZone(identifier: "Europe/London")!)
        _ = try await TriageConcern(haven.env)(concern, input, by: dsl)
    }

    @Test(arguments: TestDatabaseKind.available)
    func eachConcernsReviewIsItsLatestDecisions(_ kind: TestDatabaseKind) async throws {
        // Decided before the earliest review day (a day already gone is refused), then read on 10 July.
        let clock = TestClock(ISO8601DateFormatter().date(from: "2026-06-30T09:00:00Z")!)
        try await TestHaven.with(kind, clock: clock) { haven in
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let watched = try await haven.recordConcern(about: "Watched Child").receipt.concernID
            let later = try await haven.recordConcern(about: "Later Child").receipt.concernID
            let closed = try await haven.recordConcern(about: "Closed Child").receipt.concernID
            try await Self.decide(haven, watched, "keep_under_review", review: "2026-07-10", by: dsl)
            try await Self.decide(haven, later, "keep_under_review", review: "2026-07-24", by: dsl)
            try await Self.decide(haven, closed, "keep_under_review", review: "2026-07-01", by: dsl)
            clock.set(ISO8601DateFormatter().date(from: "2026-07-10T09:00:00Z")!)
            try await Self.decide(haven, closed, "no_further_action", review: nil, by: dsl)
            func due(_ day: Day) async throws -> ([ConcernID], Int) {
                try await haven.env.unitOfWork.read { tx in
                    (
                        try await tx.cases.reviewsDue(onOrBefore: day, limit: 10).map(\.concernID),
                        try await tx.cases.reviewsDueCount(onOrBefore: day, upTo: 1000)
                    )
                }
            }
            #expect(try await due(Day(2026, 7, 10)) == ([watched], 1))
            #expect(try await due(Day(2026, 7, 31)) == ([watched, later], 2))

            // Filled in from the decisions already kept, the queue is the same.
            // (M026 ran before case content was sealed, so it reads the values in plain.)
            let db = haven.app.db(HavenDatabase.id)
            try await haven.storeInPlain("triage_decisions", "body")
            try await haven.storeInPlain("case_actions", "body")
            try await M026_ReviewsDue().revert(on: db)
            try await M026_ReviewsDue().prepare(on: db)
            try await haven.sealAgain()
            #expect(try await due(Day(2026, 7, 31)) == ([watched, later], 2))
            let dashboard = try await LeadDashboard(haven.env)(by: dsl)
            #expect(dashboard.reviewsDue.map(\.concernID) == [watched] && dashboard.reviewsDueCount == 1)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theDashboardsQueriesUseTheirIndexes(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            for (query, index) in [
                (
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM reviews_due WHERE review_on <= '2026-07-10' LIMIT 1000) AS due",
                    "reviews_due_order"
                ),
                (
                    "SELECT r.concern_id FROM reviews_due r WHERE r.review_on <= '2026-07-10' ORDER BY r.review_on, r.concern_id LIMIT 20",
                    "reviews_due_order"
                ),
                (
                    "SELECT COUNT(*) AS n FROM (SELECT 1 FROM untriaged_concerns WHERE priority = 1 AND recorded_at < 1795000000000 LIMIT 1000) AS waiting",
                    "untriaged_concerns_order"
                ),
            ] {
                let plan = try await haven.queryPlan(query)
                print("dashboard plan (\(kind)): \(query)\n\(plan)")
                #expect(plan.contains(index), "\(plan)")
                #expect(
                    !plan.contains("TEMP B-TREE") && !plan.contains("Sort") && !plan.contains("Seq Scan"), "\(plan)")
            }
        }
    }
}
