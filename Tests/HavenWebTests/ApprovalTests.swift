import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 10.2, R1.2: an administrator cannot make themselves (or anyone) able to read concerns
/// without a DSL; every DSL is told; new people choose their own password.
@Suite("R1.2 roles that give need-to-know wait for another DSL")
struct ApprovalTests {
    func emails(_ haven: TestHaven) async throws -> [OutboxEmail] {
        try await haven.env.unitOfWork.read { tx in
            try await tx.alerts.dueEmails(at: haven.clock.now().addingTimeInterval(3600), limit: 500)
        }
    }

    func roles(_ haven: TestHaven, _ key: String) async throws -> Set<Role> {
        let now = haven.clock.now()
        return try await haven.env.unitOfWork.read { tx in
            try await tx.people.find(haven.people[key]!.id)!.roles(at: now)
        }
    }

    @Test func anAdministratorCannotChangeTheirOwnRoles() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let response = try await haven.postForm(
                "/admin/people/\(admin.person.id)/roles", [("roles[]", "dsl"), ("roles[]", "administrator")],
                session: admin)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("change your own roles"))
            #expect(try await roles(haven, "administrator") == [.reporter, .administrator])
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.isEmpty)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func grantingDSLWaitsForADSLAndEveryDSLIsTold(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = try await haven.signIn("administrator")
            let manager = haven.people["line_manager"]!
            let asked = try await haven.postForm(
                "/admin/people/\(manager.id)/roles", [("roles[]", "line_manager"), ("roles[]", "dsl")], session: admin)
            #expect(asked.status == .seeOther)
            #expect(asked.headers.first(name: .location) == "/admin/people?done=roles-waiting")
            #expect(try await roles(haven, "line_manager") == [.reporter, .lineManager])
            let managerSession = try await haven.signIn("line_manager")
            #expect(try await haven.api(.GET, "/api/v1/inbox", session: managerSession).status == .forbidden)
            // Every DSL is told, in the app and by email; the administrator cannot approve.
            let dsl = try await haven.signIn("dsl")
            let home = try await haven.request(.GET, "/", headers: dsl.cookieHeaders).body.string.withoutIsolates
            #expect(
                home.contains("id=\"approvals-waiting\"")
                    && home.contains(
                        "Fixture administrator asked to give Fixture line_manager (line_manager@fixture.haven.test) the role Designated Safeguarding Lead"
                    ))
            #expect(
                try await emails(haven).contains {
                    $0.to == "dsl@fixture.haven.test"
                        && $0.body.withoutIsolates.contains(
                            "give Fixture line_manager (line_manager@fixture.haven.test) the role Designated Safeguarding Lead"
                        )
                })
            let approval = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            #expect(
                try await haven.postForm("/approvals/\(approval.id)/approve", [], session: admin).status == .forbidden)
            let deputy = try await haven.signIn("deputy_dsl")
            #expect(
                try await haven.postForm("/approvals/\(approval.id)/approve", [], session: deputy).status == .forbidden)
            #expect(
                try await haven.request(.GET, "/approvals", headers: deputy.cookieHeaders).body.string.withoutIsolates
                    .contains("give Fixture line_manager"))
            #expect(try await roles(haven, "line_manager") == [.reporter, .lineManager])
            // The DSL approves: the manager is a DSL from now on.
            #expect(try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl).status == .seeOther)
            #expect(try await roles(haven, "line_manager") == [.reporter, .lineManager, .dsl])
            #expect(
                try await haven.api(.GET, "/api/v1/inbox", session: try await haven.signIn("line_manager")).status
                    == .ok)
            #expect(
                try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl).status
                    == .unprocessableEntity)
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }.map(\.action)
            #expect(events.contains("approval.requested") && events.contains("approval.granted"))
        }
    }

    /// A DSL cannot approve their own request, nor a change about themselves; the change about them
    /// (an administrator moving their sign-in email) they can refuse.
    @Test func aDSLCannotApproveTheirOwnRequestOrAChangeAboutThemselves() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let dslPerson = haven.people["dsl"]!
            let moved = try await haven.postForm(
                "/admin/people/\(dslPerson.id)/email", [("email", "attacker@evil.example")], session: admin)
            #expect(moved.headers.first(name: .location) == "/admin/people?done=waiting")
            let dsl = try await haven.signIn("dsl")
            let approval = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            #expect(
                try await haven.request(.GET, "/approvals", headers: dsl.cookieHeaders).body.string.contains(
                    "This change is about you"))
            #expect(
                try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl).status
                    == .unprocessableEntity)
            #expect(try await haven.postForm("/approvals/\(approval.id)/refuse", [], session: dsl).status == .seeOther)
            let person = try await haven.env.unitOfWork.read { tx in try await tx.people.find(dslPerson.id) }
            #expect(person?.email == dslPerson.email)
            // The same DSL, also an administrator, asks for a deputy to become DSL: another DSL must approve.
            try await ManagePeople(haven.env).setRoles(dslPerson.id, to: [.reporter, .dsl, .administrator], by: nil)
            let both = try await haven.signIn("dsl")
            let deputy = haven.people["deputy_dsl"]!
            _ = try await haven.postForm("/admin/people/\(deputy.id)/roles", [("roles[]", "dsl")], session: both)
            let own = try #require(try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            #expect(
                try await haven.postForm("/approvals/\(own.id)/approve", [], session: both).status
                    == .unprocessableEntity)
            #expect(try await roles(haven, "deputy_dsl") == [.reporter])
        }
    }

    /// Once an email change is made, the history of approvals still says which address it
    /// replaced (it named the person by their address now, which is the new one).
    @Test(arguments: TestDatabaseKind.available)
    func anEmailChangeMadeStillSaysWhichAddressItReplaced(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = try await haven.signIn("administrator")
            let deputy = haven.people["deputy_dsl"]!
            _ = try await haven.postForm(
                "/admin/people/\(deputy.id)/email", [("email", "deputy.new@example.org")], session: admin)
            let approval = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            let dsl = try await haven.signIn("dsl")
            #expect(try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl).status == .seeOther)
            let page = try await haven.request(.GET, "/approvals", headers: dsl.cookieHeaders).body.string
            let decided = page.components(separatedBy: #"id="approvals-decided""#).last ?? ""
            #expect(
                decided.withoutIsolates.contains(
                    "change the sign-in email of Fixture deputy_dsl from \(deputy.email) to deputy.new@example.org"),
                "\(decided.prefix(800))")
        }
    }

    /// With no DSL left, nobody in Haven can grant a need-to-know role; the server's command line can.
    @Test func withNoDSLOnlyTheCommandLineCanGrant() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let dslPerson = haven.people["dsl"]!
            let deputy = haven.people["deputy_dsl"]!
            let confirm = try await haven.postForm("/admin/people/\(dslPerson.id)/deactivate", [], session: admin)
            #expect(confirm.status == .unprocessableEntity)  // the box must be ticked
            #expect(
                try await haven.postForm(
                    "/admin/people/\(dslPerson.id)/deactivate", [("confirm", "on")], session: admin
                ).status == .seeOther)
            _ = try await haven.postForm("/admin/people/\(deputy.id)/roles", [("roles[]", "dsl")], session: admin)
            let approval = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            let deputySession = try await haven.signIn("deputy_dsl")
            #expect(
                try await haven.postForm("/approvals/\(approval.id)/approve", [], session: deputySession).status
                    == .forbidden)
            #expect(try await roles(haven, "deputy_dsl") == [.reporter])
            try await ManagePeople(haven.env).setRoles(deputy.id, to: [.reporter, .dsl], by: nil)
            #expect(try await roles(haven, "deputy_dsl") == [.reporter, .dsl])
        }
    }

    /// New people get a one-time link and choose their own password; a need-to-know role they were
    /// given waits for the DSL; the link works once.
    @Test func aNewPersonActivatesTheirOwnAccount() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let invited = try await haven.postForm(
                "/admin/people",
                [
                    ("name", "Ilse Newcombe"), ("email", "ilse@example.org"), ("kind", "volunteer"),
                    ("roles[]", "activity_lead"), ("roles[]", "case_manager"),
                ], session: admin)
            #expect(invited.headers.first(name: .location) == "/admin/people?done=invited-waiting")
            let person = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.people.credentials(email: "ilse@example.org") }
            )
            #expect(person.person.roles(at: haven.clock.now()) == [.reporter, .activityLead])
            #expect(person.passwordHash.isEmpty)
            let email = try #require(try await emails(haven).first { $0.to == "ilse@example.org" })
            let link = try #require(
                email.body.firstMatch(of: /http:\/\/haven\.test(\/account\/activate\/[A-Za-z0-9_-]+)/)
            ).1
            // Nobody can sign in before the link is used.
            #expect(
                try await haven.api(
                    .POST, "/api/v1/sessions", session: nil, json: #"{"email":"ilse@example.org","password":""}"#
                ).status != .created)
            let page = try await haven.request(.GET, String(link))
            #expect(
                page.status == .ok
                    && page.body.string.contains("Welcome to Haven, <bdi class=\"heading-name\">Ilse Newcombe</bdi>"))
            let csrf = try #require(page.headers.setCookie?["haven_csrf"]).string
            let headers: HTTPHeaders = [
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": "haven_csrf=\(csrf)",
            ]
            let weak = try await haven.request(
                .POST, String(link), headers: headers,
                body: "password=password1234&confirmPassword=password1234&_csrf=\(csrf)")
            #expect(weak.status == .unprocessableEntity && weak.body.string.contains("attackers try first"))
            let chosen = "ilse walks the long way round"
            let done = try await haven.request(
                .POST, String(link), headers: headers,
                body: "password=\(TestHaven.encode(chosen))&confirmPassword=\(TestHaven.encode(chosen))&_csrf=\(csrf)")
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/account/second-factor")
            #expect(done.headers.setCookie?["haven_session"] != nil)
            #expect(
                try await haven.api(
                    .POST, "/api/v1/sessions", session: nil,
                    json: #"{"email":"ilse@example.org","password":"\#(chosen)"}"#
                ).status == .created)
            // The link works once.
            #expect(try await haven.request(.GET, String(link)).status == .notFound)
            // The case manager role still waits for the DSL.
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.count == 1)
        }
    }

    /// An administrator cannot take over anyone's account (a recorder can read their own concerns,
    /// a delegate the ones delegated to them): email, password reset and second factor all wait
    /// for a DSL, who is shown exactly whose account it is. Asking twice is the same request.
    @Test func anAdministratorCannotTakeOverAnyAccount() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = haven.people["reporter"]!
            _ = try await haven.recordConcern(about: "Takeover Child", by: "reporter")
            let admin = try await haven.signIn("administrator")
            for (path, fields) in [
                ("email", [("email", "attacker@evil.example")]), ("password-reset", []), ("second-factor/remove", []),
            ] {
                let response = try await haven.postForm("/admin/people/\(reporter.id)/\(path)", fields, session: admin)
                #expect(response.headers.first(name: .location) == "/admin/people?done=waiting", "\(path)")
            }
            _ = try await haven.postForm(
                "/admin/people/\(reporter.id)/email", [("email", "attacker@evil.example")], session: admin)
            let credentials = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.people.credentials(reporter.id) })
            #expect(credentials.person.email == reporter.email && credentials.totpSecret != nil)
            #expect(try await emails(haven).allSatisfy { $0.subject != "Set a new Haven password" })
            let pending = try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }
            #expect(pending.count == 3)
            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/approvals", headers: dsl.cookieHeaders).body.string
                .withoutIsolates
            #expect(
                page.contains(
                    "change the sign-in email of Fixture reporter from reporter@fixture.haven.test to "
                        + "attacker@evil.example"))
        }
    }

    /// Ending someone's need-to-know role happens at once, but never unseen: every DSL is told.
    @Test func endingANeedToKnowRoleIsToldToEveryDSL() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let deputy = haven.people["deputy_dsl"]!
            #expect(
                try await haven.postForm("/admin/people/\(deputy.id)/roles", [], session: admin).status == .seeOther)
            #expect(try await roles(haven, "deputy_dsl") == [.reporter])
            #expect(
                try await emails(haven).contains {
                    $0.to == "dsl@fixture.haven.test"
                        && $0.body.withoutIsolates.contains("ended Fixture deputy_dsl's role Deputy DSL")
                })
        }
    }
}
