import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.7: administrators set a person's kind of work, line manager and seniority. A line
/// manager is sent the concerns their report records when no safeguarding lead can take them,
/// and the most senior director or case manager likewise: so those wait for a DSL.
@Suite("Issue 12.7 a person's kind of work, line manager and seniority")
struct PersonDetailsTests {
    func person(_ haven: TestHaven, _ key: String) async throws -> Person {
        try #require(try await haven.env.unitOfWork.read { tx in try await tx.people.find(haven.people[key]!.id) })
    }

    @Test(arguments: TestDatabaseKind.available)
    func kindAppliesAtOnceAndWhoIsSentConcernsWaitsForADSL(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = try await haven.signIn("administrator")
            let reporter = haven.people["reporter"]!.id
            func details(_ key: String, _ fields: [(String, String)]) async throws -> TestingHTTPResponse {
                let id = haven.people[key]!.id
                return try await haven.postForm(
                    "/admin/people/\(id)/details", [("_form", "details-\(id)")] + fields, session: admin)
            }
            // Kind of work: at once.
            let volunteer = try await details(
                "reporter", [("kind", "volunteer"), ("lineManager", ""), ("seniority", "0")])
            #expect(volunteer.headers.first(name: .location) == "/admin/people?done=details")
            #expect(try await person(haven, "reporter").kind == .volunteer)

            // The administrator names themselves the reporter's line manager: it waits.
            let adminEmail = try await person(haven, "administrator").email
            let asked = try await details(
                "reporter", [("kind", "volunteer"), ("lineManager", adminEmail.uppercased()), ("seniority", "0")])
            #expect(asked.headers.first(name: .location) == "/admin/people?done=details-waiting")
            #expect(try await person(haven, "reporter").lineManagerID == nil)
            let page = try await haven.request(.GET, "/admin/people", headers: admin.cookieHeaders).body.string
            #expect(
                page.withoutIsolates.contains(
                    "make Fixture administrator (administrator@fixture.haven.test) the line manager of Fixture reporter"
                ))
            // On the reporter's own row too, beside the form that still shows no manager.
            #expect(page.contains("waiting-details"))
            let approval = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            #expect(
                try await haven.postForm("/approvals/\(approval.id)/approve", [], session: admin).status == .forbidden)
            let dsl = try await haven.signIn("dsl")
            #expect(try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl).status == .seeOther)
            #expect(try await person(haven, "reporter").lineManagerID == haven.people["administrator"]!.id)
            // The form shows the manager now; taking them away applies at once.
            let shown = try await haven.request(.GET, "/admin/people", headers: admin.cookieHeaders).body.string
            #expect(shown.keptValue("details-\(reporter)-lineManager") == adminEmail)
            _ = try await details("reporter", [("kind", "volunteer"), ("lineManager", ""), ("seniority", "0")])
            #expect(try await person(haven, "reporter").lineManagerID == nil)

            // Ranking someone by a role given at once after a seniority set at once: the role waits.
            _ = try await details("activity_lead", [("kind", "staff"), ("lineManager", ""), ("seniority", "99")])
            let lead = haven.people["activity_lead"]!.id
            let director = try await haven.postForm(
                "/admin/people/\(lead)/roles", [("roles[]", "activity_lead"), ("roles[]", "department_director")],
                session: admin)
            #expect(director.headers.first(name: .location) == "/admin/people?done=roles-waiting")
            #expect(
                !(try await person(haven, "activity_lead").roles(at: haven.clock.now()).contains(.departmentDirector)))
            // Seniority: at once for someone it does not rank, waiting for a case manager.
            _ = try await details("hr", [("kind", "staff"), ("lineManager", ""), ("seniority", "40")])
            #expect(try await person(haven, "hr").seniority == 40)
            let before = try await person(haven, "case_manager").seniority
            let senior = try await details(
                "case_manager", [("kind", "staff"), ("lineManager", ""), ("seniority", "99")])
            #expect(senior.headers.first(name: .location) == "/admin/people?done=details-waiting")
            #expect(try await person(haven, "case_manager").seniority == before)

            // The DSL cannot approve making themselves someone's line manager.
            let dslEmail = try await person(haven, "dsl").email
            _ = try await details("line_manager", [("kind", "staff"), ("lineManager", dslEmail), ("seniority", "0")])
            let own = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first {
                    if case .lineManager = $0.change { return true } else { return false }
                })
            #expect(
                try await haven.postForm("/approvals/\(own.id)/approve", [], session: dsl).status
                    == .unprocessableEntity)
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }
            #expect(events.filter { $0.action == "person.details_changed" }.count >= 3)
        }
    }

    /// Mistakes are named on the person's own form, with what was typed kept; nothing changes.
    @Test func mistakesAreNamedOnTheirForm() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let id = haven.people["reporter"]!.id
            let refused = try await haven.postForm(
                "/admin/people/\(id)/details",
                [
                    ("_form", "details-\(id)"), ("kind", "boss"), ("lineManager", "nobody@nowhere.example"),
                    ("seniority", "-3"),
                ], session: admin)
            #expect(refused.status == .unprocessableEntity)
            let page = refused.body.string
            #expect(
                page.problemLinks == ["details-\(id)-kind", "details-\(id)-lineManager", "details-\(id)-seniority"])
            #expect(page.keptValue("details-\(id)-lineManager") == "nobody@nowhere.example")
            #expect(page.keptValue("details-\(id)-seniority") == "-3")
            let own = try await haven.postForm(
                "/admin/people/\(id)/details",
                [
                    ("_form", "details-\(id)"), ("kind", "staff"), ("lineManager", "reporter@fixture.haven.test"),
                    ("seniority", "0"),
                ], session: admin)
            #expect(own.body.string.problemLinks == ["details-\(id)-lineManager"])
            #expect(try await person(haven, "reporter").lineManagerID == nil)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.isEmpty)
        }
    }
}
