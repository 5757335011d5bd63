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

/// Issue 12.3, R1.3: when no safeguarding lead can take a concern, the alert chain gives it to the
/// recorder's line manager (or the most senior manager). They must be able to act on what they are
/// sent: they have a delegate's access to that concern alone, while they are still that link, and
/// the DSL's delegation, once made, ends it. Before, the receipt said the manager had it, yet the
/// manager could not open it.
@Suite("Issue 12.3 a manager the chain sends a concern to can act on it")
struct ChainManagerAccessTests {
    @Test(arguments: TestDatabaseKind.available)
    func theLineManagerTheChainChoseOpensAndDecidesThatConcernOnly(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let manager = haven.people["line_manager"]!
            let reporter = haven.people["reporter"]!
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            func setManager(_ id: PersonID?) async throws {
                try await sql.update("people").set("line_manager_id", to: SQLBind(id?.description)).where(
                    "id", .equal, SQLBind(reporter.id.description)
                ).run()
            }
            try await setManager(manager.id)
            let otherReceipt = try await haven.recordConcern(about: "Leads In Child").receipt
            let other = otherReceipt.concernID
            for lead in ["dsl", "deputy_dsl"] {
                try await SetAvailability(haven.env)(
                    unavailable: true,
                    by: Actor(person: haven.people[lead]!.id, roles: [.dsl], secondFactorPassed: false))
            }
            let receipt = try await haven.recordConcern(about: "Chain Child").receipt
            #expect(receipt.receivedBy == "Fixture line_manager")
            let id = receipt.concernID
            let session = try await haven.signIn("line_manager")
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: session.cookieHeaders)
            #expect(page.status == .ok && page.body.string.contains("Chain Child"))
            // They may decide, as a delegate may.
            let decided = try await haven.postForm(
                "/concerns/\(id)/triage",
                [
                    ("outcome", "social_care_referral"), ("rationale", "Rang the front door at once."),
                    ("threshold", "specialist"), ("consulted", "Front door duty worker"),
                ], session: session)
            #expect(decided.status == .seeOther)
            // Decided, its alert has cleared; it stays on their home page while it is theirs.
            func chainList() async throws -> String? {
                let home = try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string
                guard let start = home.firstRange(of: #"<section id="from-chain">"#) else { return nil }
                let rest = home[start.upperBound...]
                return String(rest[..<(rest.firstRange(of: "</section>")?.lowerBound ?? rest.endIndex)])
            }
            #expect(try await chainList()?.contains(receipt.reference) == true)
            #expect(try await chainList()?.contains(otherReceipt.reference) == false)
            // That concern only.
            #expect(try await haven.request(.GET, "/concerns/\(other)", headers: session.cookieHeaders).status != .ok)
            // No longer the recorder's line manager: no longer theirs.
            try await setManager(nil)
            #expect(try await haven.request(.GET, "/concerns/\(id)", headers: session.cookieHeaders).status != .ok)
            #expect(try await chainList() == nil)
            try await setManager(manager.id)
            #expect(try await haven.request(.GET, "/concerns/\(id)", headers: session.cookieHeaders).status == .ok)
            // The DSL back, delegating to someone else: the chain's access ends.
            try await SetAvailability(haven.env)(
                unavailable: false,
                by: Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: false))
            try await ManagePeople(haven.env).setRoles(
                haven.people["activity_lead"]!.id, to: [.reporter, .activityLead, .lineManager], by: nil)
            let dsl = try await haven.signIn("dsl")
            let handed = try await haven.postForm(
                "/concerns/\(id)/delegate", [("delegate", haven.people["activity_lead"]!.id.description)], session: dsl)
            #expect(handed.status == .seeOther)
            #expect(try await haven.request(.GET, "/concerns/\(id)", headers: session.cookieHeaders).status != .ok)
        }
    }
}
