import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.7, R3.1, R3.3: the DSL's home is a dashboard (concerns waiting by priority and how
/// many are late, actions past their day, reviews due); a person given an action who is not a
/// lead sees it on their home page, with what they need to do it and nothing more, and can mark
/// it done without being able to read the concern.
@Suite("Issue 12.7 the DSL's dashboard and actions on their owner's home")
struct DashboardTests {
    static func day(_ haven: TestHaven) -> String { haven.env.calendar.day(of: haven.clock.now()).iso }

    /// The cells of the dashboard's row for a priority: waiting, late.
    static func row(_ page: String, _ priority: String) -> [String] {
        guard let table = page.part("waiting-counts"),
            let row = table.firstMatch(of: try! Regex("<th scope=\"row\">\(priority)</th>(.*?)</tr>"))
        else { return [] }
        return String(row.output[1].substring ?? "").matches(of: /<td[^>]*>(.*?)<\/td>/).map {
            String($0.1).replacing(/<[^>]+>/, with: "")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func theDashboardCountsWaitingAndLateAndListsOverdueActionsAndReviews(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            // Two concerns on Wednesday (one urgent), and one on Friday.
            let waitingLong = try await haven.recordConcern(about: "Ada Waiting").receipt.concernID
            let urgent = try await haven.recordConcern(about: "Bea Urgent", immediateDanger: true).receipt.concernID
            haven.clock.advance(by: 2 * 86_400)
            _ = try await haven.recordConcern(about: "Cal Today").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            var home = try await haven.request(.GET, "/", headers: dsl.cookieHeaders).body.string
            // Triage is due the day a concern comes in: Wednesday's two are late, Friday's is not.
            #expect(Self.row(home, "Urgent: immediate danger") == ["1", "1"])
            #expect(Self.row(home, "High") == ["0", "0"])
            #expect(Self.row(home, "Normal") == ["2", "1"])
            #expect(home.part("overdue-none") != nil && home.part("reviews-none") != nil)

            // Kept under review until today; an action for a line manager, due today.
            let triage = try await haven.postForm(
                "/concerns/\(waitingLong)/triage",
                [
                    ("outcome", "keep_under_review"), ("rationale", "Watching attendance."),
                    ("threshold", "universal"), ("consulted", "nobody"), ("reviewDate", Self.day(haven)),
                ], session: dsl)
            #expect(triage.status == .seeOther)
            let manager = haven.people["line_manager"]!
            let set = try await haven.postForm(
                "/concerns/\(urgent)/actions",
                [
                    ("description", "Ring Bea's aunt about pick-up on Monday"), ("owner", manager.id.description),
                    ("dueOn", Self.day(haven)),
                ], session: dsl)
            #expect(set.status == .seeOther)
            haven.clock.advance(by: 86_400)
            let again = try await haven.signIn("dsl")
            home = try await haven.request(.GET, "/", headers: again.cookieHeaders).body.string
            #expect(Self.row(home, "Normal") == ["1", "1"], "decided, Wednesday's is no longer waiting")
            let overdue = try #require(home.part("overdue-actions").map(String.init))
            #expect(
                overdue.contains("Ring Bea&#39;s aunt about pick-up on Monday")
                    && overdue.contains("/concerns/\(urgent)"))
            // Each line names its child and says how late it is (issue 12.7 walk).
            #expect(overdue.withoutIsolates.contains("Bea Urgent") && overdue.contains("1 day late"))
            let reviews = try #require(home.part("reviews-due").map(String.init))
            #expect(reviews.contains("/concerns/\(waitingLong)") && reviews.withoutIsolates.contains("Ada Waiting"))
            // Keeping it under review set the DSL an action for the review day too: it is listed
            // once, with the reviews, not again with the actions (the user walk saw it three times).
            #expect(home.contains("Actions past their due day: 1") && home.contains("Reviews due: 1"))
            #expect(!overdue.contains("/concerns/\(waitingLong)"))
            let dslActions = home.part("my-actions").map(String.init) ?? ""
            #expect(!dslActions.contains("Review this concern"))

            // The line manager: without the code, only that something waits; with it, the action.
            let before = try await haven.signIn("line_manager", secondFactor: false)
            let prompt = try await haven.request(.GET, "/", headers: before.cookieHeaders).body.string
            #expect(prompt.part("my-actions-code") != nil && !prompt.contains("Ring Bea"))
            let owner = try await haven.signIn("line_manager")
            let mine = try await haven.request(.GET, "/", headers: owner.cookieHeaders).body.string
            let section = try #require(mine.part("my-actions").map(String.init))
            #expect(
                section.contains("Ring Bea&#39;s aunt about pick-up on Monday") && section.contains("Past its due day"))
            #expect(section.withoutIsolates.contains("Asked by Fixture dsl"))
            // Nothing more: not the concern, not the child's file.
            #expect(!section.contains("/concerns/") && !section.contains("Bea Urgent") && mine.part("dashboard") == nil)
            let concern = try await haven.request(.GET, "/concerns/\(urgent)", headers: owner.cookieHeaders)
            #expect(concern.status != .ok)
            // Someone else who is not a lead cannot mark it done; its owner can, once.
            let action = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.actions(concerns: [urgent]) }.first)
            let other = try await haven.signIn("activity_lead")
            let refused = try await haven.postForm(
                "/actions/\(action.id)/complete", [("from", "home")], session: other)
            #expect(refused.status == .forbidden || refused.status == .notFound)
            // Without saying where from, its owner is still sent home: the concern's address
            // would tell them which concern it was.
            let done = try await haven.postForm("/actions/\(action.id)/complete", [], session: owner)
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/?done=action#my-actions")
            let completed = try await haven.env.unitOfWork.read { tx in try await tx.cases.action(action.id) }
            #expect(completed?.completedBy == manager.id)
            let after = try await haven.request(.GET, "/?done=action", headers: owner.cookieHeaders).body.string
            #expect(after.part("my-actions") == nil)
            // It says it was done (a button that only made a list shorter left people unsure).
            #expect(after.part("action-done")?.contains("Marked as done") == true)
            home = try await haven.request(.GET, "/", headers: again.cookieHeaders).body.string
            #expect(home.part("overdue-none") != nil && home.contains("Actions past their due day: 0"))

            // A later decision without a review takes the review off the dashboard.
            _ = try await haven.postForm(
                "/concerns/\(waitingLong)/triage",
                [
                    ("outcome", "no_further_action"), ("rationale", "Attendance is back to normal."),
                    ("threshold", "universal"), ("consulted", "nobody"),
                ], session: again)
            home = try await haven.request(.GET, "/", headers: again.cookieHeaders).body.string
            #expect(home.part("reviews-none") != nil)
            // …and the review it set is done: nothing is left to show as late tomorrow.
            let open = try await haven.env.unitOfWork.read { tx in try await tx.cases.actions(concerns: [waitingLong]) }
            #expect(open.allSatisfy { $0.completedAt != nil })

            // Each child an action was shown about has it in their access log.
            let child = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(urgent) })
                .childID
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: again)
            let log = try await haven.request(.GET, "/children/\(child)/access-log", headers: again.cookieHeaders)
            #expect(log.body.string.contains("saw an action about them on the safeguarding dashboard"))
            #expect(log.body.string.contains("saw an action about them that they had been given"))
        }
    }

    /// Only leads with the second factor see the dashboard; a reporter never does.
    @Test func theDashboardIsTheLeadsAlone() async throws {
        try await TestHaven.with(.sqlite) { haven in
            _ = try await haven.recordConcern(about: "Dee Listed")
            for (key, second, shown) in [("dsl", true, true), ("dsl", false, false), ("reporter", false, false)] {
                let session = try await haven.signIn(key, secondFactor: second)
                let home = try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string
                #expect((home.part("dashboard") != nil) == shown, "\(key) \(second)")
            }
        }
    }

    /// The attacking helper's findings: the dashboard counted, and its owner's home hinted at,
    /// actions on a concern the reader is kept away from; marking a review done left it due.
    @Test(arguments: TestDatabaseKind.available)
    func nothingKeptAwayIsCountedAndAReviewDoneIsNoLongerDue(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let dslID = haven.people["dsl"]!.id
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Kept Away Child"), ("howItArose", "disclosed_by_child"),
                    ("account", "She said the lead at the club shouted at her and grabbed her arm."),
                    ("allegedPerpetrator.person", dslID.description),
                ], session: reporter)
            let id = String(try #require(sent.headers.first(name: .location)).dropFirst("/receipts/".count))
            let deputy = try await haven.signIn("deputy_dsl")
            let today = Self.day(haven)
            _ = try await haven.postForm(
                "/concerns/\(id)/triage",
                [
                    ("outcome", "keep_under_review"), ("rationale", "Strategy meeting first."),
                    ("threshold", "universal"), ("consulted", "LADO"), ("reviewDate", today),
                ], session: deputy)
            _ = try await haven.postForm(
                "/concerns/\(id)/actions",
                [
                    ("description", "Kept-Away-Canary call the LADO"),
                    ("owner", haven.people["line_manager"]!.id.description), ("dueOn", today),
                ],
                session: deputy)
            haven.clock.advance(by: 86_400)
            let dsl = try await haven.signIn("dsl")
            let home = try await haven.request(.GET, "/", headers: dsl.cookieHeaders).body.string
            #expect(home.contains("Actions past their due day: 0") && home.contains("Reviews due: 0"))
            #expect(!home.contains("Kept-Away-Canary"))
            let deputyHome = try await haven.request(
                .GET, "/", headers: (try await haven.signIn("deputy_dsl")).cookieHeaders
            )
            .body.string
            #expect(deputyHome.contains("Actions past their due day: 1") && deputyHome.contains("Reviews due: 1"))

            // The review's own action marked done: no longer due.
            let concern = try #require(ConcernID(string: id))
            let review = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.reviewAction(of: concern) })
            let again = try await haven.signIn("deputy_dsl")
            _ = try await haven.postForm("/actions/\(review)/complete", [], session: again)
            let after = try await haven.request(.GET, "/", headers: again.cookieHeaders).body.string
            #expect(after.contains("Reviews due: 0"))
        }
    }

    /// A home page lists a person's actions once per visit, and a visit with none to list writes
    /// nothing to the audit trail (every signed-in visit to the home page would otherwise add an
    /// event to it).
    @Test func ownActionsAreReadOncePerVisitAndNoneWriteNothing() async throws {
        try await TestHaven.with(.sqlite) { haven in
            func ownReads() async throws -> Int {
                try await haven.env.unitOfWork.read { tx in try await tx.auditLog.events(after: 0, limit: 100_000) }
                    .filter { $0.action == "actions.own_read" }.count
            }
            let manager = try await haven.signIn("line_manager")
            _ = try await haven.request(.GET, "/", headers: manager.cookieHeaders)
            #expect(try await ownReads() == 0)
            let concern = try await haven.recordConcern(about: "Own Action Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            _ = try await haven.postForm(
                "/concerns/\(concern)/actions",
                [
                    ("description", "Ring the club"), ("owner", haven.people["line_manager"]!.id.description),
                    ("dueOn", Self.day(haven)),
                ], session: dsl)
            let home = try await haven.request(.GET, "/", headers: manager.cookieHeaders).body.string
            #expect(home.contains("Ring the club"))
            #expect(try await ownReads() == 1)
        }
    }

    /// Issue 12.7: a child in immediate danger does not wait for Monday. Recorded on a Saturday
    /// morning, an urgent concern is late once Saturday ends, on the dashboard and in the inbox;
    /// a high one from the same morning is not late until Monday ends.
    @Test(arguments: TestDatabaseKind.available)
    func anUrgentConcernIsLateWhenItsDayEnds(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            // The test clock starts on Wednesday 18 November 2026 at 11:06 UTC: on to Saturday 10:00.
            haven.clock.advance(by: 3 * 86_400 - (66 * 60 + 40) - 3600)
            let urgent = try await haven.recordConcern(about: "Saturday Urgent", immediateDanger: true).receipt
            let high = try await haven.recordConcern(about: "Saturday High", categories: [.sexualAbuse]).receipt
            let dslActor = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            var dashboard = try await LeadDashboard(haven.env)(by: dslActor)
            #expect(dashboard.late[.urgent, default: 0] == 0 && dashboard.waiting[.urgent, default: 0] == 1)
            // Sunday, two in the morning.
            haven.clock.advance(by: 16 * 3600)
            dashboard = try await LeadDashboard(haven.env)(by: dslActor)
            #expect(dashboard.late[.urgent, default: 0] == 1)
            #expect(dashboard.late[.high, default: 0] == 0 && dashboard.waiting[.high, default: 0] == 1)
            let inbox = try await haven.api(.GET, "/api/v1/inbox", session: try await haven.signIn("dsl")).body.string
            let urgentLine = try #require(
                inbox.firstMatch(
                    of: Regex<(Substring, Substring)>(
                        #"\{[^{}]*"concernID":"\#(urgent.concernID)"[^{}]*"late":(true|false)"#)))
            let highLine = try #require(
                inbox.firstMatch(
                    of: Regex<(Substring, Substring)>(
                        #"\{[^{}]*"concernID":"\#(high.concernID)"[^{}]*"late":(true|false)"#)))
            #expect(urgentLine.1 == "true" && highLine.1 == "false")
        }
    }
}
