import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.3: a concern naming someone who works here is kept from everyone recorded as living
/// with them, whatever roles they hold: the deputy whose partner coaches here does not see a
/// concern about the partner; the DSL has it. Who lives with whom is recorded by an
/// administrator and waits for a DSL who is not one of the two, either way (it changes who is
/// sent concerns).
@Suite("Issue 12.3 the household of the person named is kept away too")
struct StaffHouseholdAccessTests {
    func person(_ haven: TestHaven, _ key: String) async throws -> Person {
        try #require(try await haven.env.unitOfWork.read { tx in try await tx.people.find(haven.people[key]!.id) })
    }

    @Test(arguments: TestDatabaseKind.available)
    func theDeputyWhoLivesWithTheCoachIsKeptFromAConcernAboutThem(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = try await haven.signIn("administrator")
            let coach = try await person(haven, "activity_lead")
            let deputyEmail = try await person(haven, "deputy_dsl").email
            func livesWith(_ email: String) async throws -> TestingHTTPResponse {
                try await haven.postForm(
                    "/admin/people/\(coach.id)/details",
                    [
                        ("_form", "details-\(coach.id)"), ("kind", coach.kind.rawValue), ("lineManager", ""),
                        ("seniority", String(coach.seniority)), ("household", email),
                    ], session: admin)
            }
            // Nobody by that email, or themselves: named on the form, nothing asked.
            let unknown = try await livesWith("nobody@nowhere.test")
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.problemLinks == ["details-\(coach.id)-household"])
            #expect(try await livesWith(coach.email).status == .unprocessableEntity)
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            func record(_ name: String) async throws -> ConcernID {
                let sent = try await haven.postForm(
                    "/concerns",
                    [
                        ("child.name", name), ("howItArose", "disclosed_by_child"),
                        ("account", "He said the coach pushed him into the wall at training."),
                        ("allegedPerpetrator.person", coach.id.description),
                    ], session: reporter)
                #expect(sent.status == .seeOther)
                let location = try #require(sent.headers.first(name: .location))
                return try #require(ConcernID(string: String(location.dropFirst("/receipts/".count))))
            }
            // A concern naming the coach before anyone is recorded as living with them: the deputy
            // can read it, until the deputy is recorded as living with the coach.
            let before = try await record("Household Before Child")
            let deputySeeing = try await haven.signIn("deputy_dsl")
            #expect(
                try await haven.request(.GET, "/concerns/\(before)", headers: deputySeeing.cookieHeaders).status == .ok)
            // Asked: it waits for a DSL.
            let asked = try await livesWith(deputyEmail)
            #expect(asked.headers.first(name: .location) == "/admin/people?done=details-waiting")
            #expect(try await person(haven, "activity_lead").household == nil)
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            func approveWaiting() async throws {
                let pending = try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }
                #expect(pending.count == 1)
                try await Approvals(haven.env).decide(try #require(pending.first).id, approve: true, by: dsl)
            }
            try await approveWaiting()
            let household = try await person(haven, "activity_lead").household
            let deputyHousehold = try await person(haven, "deputy_dsl").household
            #expect(household != nil && household == deputyHousehold)
            // Recorded now, it reaches the concern already kept.
            #expect(
                try await haven.request(.GET, "/concerns/\(before)", headers: deputySeeing.cookieHeaders).status != .ok)
            // The form shows who they live with.
            let page = try await haven.request(.GET, "/admin/people", headers: admin.cookieHeaders).body.string
            #expect(page.keptValue("details-\(coach.id)-household") == deputyEmail)

            // A concern naming the coach: kept from the coach and from the deputy; the DSL has it.
            let first = try await record("Household Kept Child")
            let stored = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(first) })
            #expect(Set(stored.route.excluded) == [coach.id, haven.people["deputy_dsl"]!.id])
            #expect(stored.route.handler == haven.people["dsl"]!.id)
            let deputySession = try await haven.signIn("deputy_dsl")
            let refused = try await haven.request(.GET, "/concerns/\(first)", headers: deputySession.cookieHeaders)
            #expect(refused.status != .ok && !refused.body.string.contains("Household Kept Child"))

            // No longer living together (it waits too): a later concern is kept from the coach only.
            let left = try await livesWith("")
            #expect(left.headers.first(name: .location) == "/admin/people?done=details-waiting")
            try await approveWaiting()
            #expect(try await person(haven, "activity_lead").household == nil)
            let second = try await record("Household Later Child")
            let later = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(second) })
            #expect(later.route.excluded == [coach.id])

            // A household link with the DSL in it is not the DSL's to decide, either way.
            let dslEmail = try await person(haven, "dsl").email
            #expect(
                try await livesWith(dslEmail).headers.first(name: .location) == "/admin/people?done=details-waiting")
            let withDSL = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            for approve in [true, false] {
                await #expect(throws: InvalidInput.self) {
                    try await Approvals(haven.env).decide(withDSL.id, approve: approve, by: dsl)
                }
            }
            #expect(try await person(haven, "activity_lead").household == nil)
        }
    }
}
