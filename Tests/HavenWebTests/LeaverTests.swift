import Fluent
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 10.6, R1.2: leavers and delegates. A deactivated account's sessions end at once, it
/// cannot sign in and is never routed to; its open work is listed for the DSL to hand on; a
/// delegation holds only while the delegate holds the role it was given for.
@Suite("R1.2 leavers, delegates and sessions")
struct LeaverTests {
    @Test(arguments: TestDatabaseKind.available)
    func aLeaverIsSignedOutCannotSignInAndIsNeverRoutedTo(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            // The reporter's line manager is the only one left in the chain once the leads are away.
            let manager = haven.people["line_manager"]!
            let reporter = haven.people["reporter"]!
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            try await sql.update("people").set("line_manager_id", to: SQLBind(manager.id.description)).where(
                "id", .equal, SQLBind(reporter.id.description)
            ).run()
            for lead in ["dsl", "deputy_dsl"] {
                try await SetAvailability(haven.env)(
                    unavailable: true,
                    by: Actor(person: haven.people[lead]!.id, roles: [.dsl], secondFactorPassed: false))
            }
            let before = try await haven.recordConcern(about: "Before Leaving Child").receipt
            #expect(before.receivedBy == "Fixture line_manager")
            let managerSession = try await haven.signIn("line_manager")
            #expect(try await haven.api(.GET, "/api/v1/categories", session: managerSession).status == .ok)
            let admin = try await haven.signIn("administrator")
            #expect(
                try await haven.postForm("/admin/people/\(manager.id)/deactivate", [("confirm", "on")], session: admin)
                    .status == .seeOther)
            // Sessions end at once, and the account cannot sign in again (the same answer as a wrong password).
            #expect(try await haven.api(.GET, "/api/v1/categories", session: managerSession).status == .unauthorized)
            let again = try await haven.api(
                .POST, "/api/v1/sessions", session: nil,
                json: #"{"email":"\#(manager.email)","password":"\#(manager.password)"}"#)
            #expect(again.status == .unauthorized)
            #expect(!again.body.string.contains("deactivated"))
            // The administrator's list says they hold no role now, and which they held until they left.
            let list = try await haven.request(.GET, "/admin/people", headers: admin.cookieHeaders).body.string
            let row = list.components(separatedBy: "<tr>").first { $0.contains(manager.email) } ?? ""
            #expect(row.contains(#"data-label="Roles now">None"#), "\(row.prefix(600))")
            #expect(row.contains("Earlier: Reporter") && row.contains("; Line manager"), "\(row.prefix(600))")
            // Never routed to.
            let receipt = try await haven.recordConcern(about: "Leaver Routing Child").receipt
            let concern = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(receipt.concernID) }
            #expect(concern?.route.recipients.contains(manager.id) == false)
            let now = haven.clock.now()
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.people.find(manager.id) }?.roles(at: now) == []
            )
        }
    }

    @Test func aLeaversWorkIsListedForTheDSLToHandOn() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let manager = haven.people["line_manager"]!
            let id = try await haven.recordConcern(about: "Handover Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            #expect(
                try await haven.api(
                    .POST, "/api/v1/concerns/\(id)/delegation", session: dsl, json: #"{"delegate":"\#(manager.id)"}"#
                ).status == .noContent)
            let managerSession = try await haven.signIn("line_manager")
            #expect(
                try await haven.api(
                    .POST, "/api/v1/concerns/\(id)/actions", session: managerSession,
                    json: #"{"description":"Visit the family","owner":"\#(manager.id)","dueOn":"2027-01-10"}"#
                ).status == .created)
            let admin = try await haven.signIn("administrator")
            #expect(
                try await haven.postForm("/admin/people/\(manager.id)/deactivate", [("confirm", "on")], session: admin)
                    .status == .seeOther)
            let page = try await haven.request(.GET, "/handover", headers: dsl.cookieHeaders)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Fixture line_manager") && page.body.string.contains("Visit the family"))
            let action = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.openActions(ownedBy: manager.id) }.first)
            let deputy = haven.people["deputy_dsl"]!
            #expect(
                try await haven.postForm(
                    "/actions/\(action.id)/owner", [("owner", deputy.id.description)], session: dsl
                ).status == .seeOther)
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.action(action.id) }?.owner == deputy.id)
            // The open-actions queue follows the new owner.
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.openActions(ownedBy: deputy.id) }
                    .map(\.id) == [action.id])
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.cases.openActions(ownedBy: manager.id) }
                    .isEmpty)
            // Handing it to someone who has left is refused.
            #expect(
                try await haven.postForm(
                    "/actions/\(action.id)/owner", [("owner", manager.id.description)], session: dsl
                ).status == .unprocessableEntity)
            // Only the people handling concerns see the hand-over list.
            #expect(try await haven.request(.GET, "/handover", headers: admin.cookieHeaders).status == .forbidden)
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }.map(\.action)
            #expect(
                events.contains("person.deactivated") && events.contains("handover.read")
                    && events.contains("action.reassigned"))
        }
    }

    /// A delegation holds only while the delegate still holds the role it was given for.
    @Test func aDelegationLapsesWhenTheDelegateLosesTheRole() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let manager = haven.people["line_manager"]!
            let id = try await haven.recordConcern(about: "Lapsed Delegation Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            #expect(
                try await haven.api(
                    .POST, "/api/v1/concerns/\(id)/delegation", session: dsl, json: #"{"delegate":"\#(manager.id)"}"#
                ).status == .noContent)
            #expect(
                try await haven.api(.GET, "/api/v1/concerns/\(id)", session: try await haven.signIn("line_manager"))
                    .status == .ok)
            let admin = try await haven.signIn("administrator")
            #expect(
                try await haven.postForm(
                    "/admin/people/\(manager.id)/roles", [("roles[]", "activity_lead")], session: admin
                ).status == .seeOther)
            let managerSession = try await haven.signIn("line_manager")
            let refused = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: managerSession)
            #expect(refused.status == .notFound)
            #expect(!refused.body.string.contains("Lapsed"))
            #expect(
                !(try await haven.request(.GET, "/", headers: managerSession.cookieHeaders).body.string.contains(
                    "id=\"delegated\"")))
            #expect(
                try await haven.request(.GET, "/handover", headers: dsl.cookieHeaders).body.string.contains(
                    "Their delegation lapsed"))
            // Given the role back, the manager does not get the concern back: the DSL delegates again if wanted.
            #expect(
                try await haven.postForm(
                    "/admin/people/\(manager.id)/roles", [("roles[]", "line_manager")], session: admin
                ).status == .seeOther)
            #expect(
                try await haven.api(.GET, "/api/v1/concerns/\(id)", session: try await haven.signIn("line_manager"))
                    .status == .notFound)
        }
    }

    @Test func signingOutEverywhereElseAndAnAdministratorEndingSessions() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let phone = try await haven.signIn("reporter")
            let laptop = try await haven.signIn("reporter")
            #expect(try await haven.postForm("/account/sessions/end-others", [], session: laptop).status == .seeOther)
            #expect(try await haven.api(.GET, "/api/v1/categories", session: phone).status == .unauthorized)
            #expect(try await haven.api(.GET, "/api/v1/categories", session: laptop).status == .ok)
            let admin = try await haven.signIn("administrator")
            #expect(
                try await haven.postForm("/admin/people/\(laptop.person.id)/sessions/end", [], session: admin).status
                    == .seeOther)
            #expect(try await haven.api(.GET, "/api/v1/categories", session: laptop).status == .unauthorized)
            #expect(try await haven.api(.GET, "/api/v1/categories", session: admin).status == .ok)
        }
    }
}
