import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.7: administrators change and close sites. A new lead still waits for a DSL's
/// approval; a closed site is no longer offered, or taken, when recording, and concerns already
/// raised there keep its name.
@Suite("Issue 12.7 administrators change and close sites")
struct SitesTests {
    func sites(_ haven: TestHaven) async throws -> [Site] {
        try await haven.env.unitOfWork.read { tx in try await tx.organisation.sites() }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aSiteIsChangedAndClosed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = try await haven.signIn("administrator")
            #expect(
                try await haven.postForm(
                    "/admin/organisation/sites", [("_form", "site"), ("name", "Riverside Hall")], session: admin
                ).status == .seeOther)
            let site = try #require(try await sites(haven).first { $0.name == "Riverside Hall" })

            // Change: the row links to the form filled with the site; saving renames it, no new site.
            var page = try await haven.request(.GET, "/admin/organisation", headers: admin.cookieHeaders).body.string
            #expect(page.contains("/admin/organisation?site=\(site.id)#site-form"))
            let form = try await haven.request(
                .GET, "/admin/organisation?site=\(site.id)", headers: admin.cookieHeaders
            ).body.string
            #expect(form.keptValue("site-name") == "Riverside Hall")
            #expect(form.contains(#"<input type="hidden" name="id" value="\#(site.id)">"#))
            // A mistake while changing keeps it a change of this site.
            let refused = try await haven.postForm(
                "/admin/organisation/sites", [("_form", "site"), ("id", site.id.description), ("name", " ")],
                session: admin)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(#"<input type="hidden" name="id" value="\#(site.id)">"#))
            let lead = haven.people["deputy_dsl"]!.id
            let renamed = try await haven.postForm(
                "/admin/organisation/sites",
                [
                    ("_form", "site"), ("id", site.id.description), ("name", "Riverside Hall (upstairs)"),
                    ("designatedLead", lead.description),
                ], session: admin)
            #expect(renamed.headers.first(name: .location) == "/admin/organisation?done=waiting")
            var all = try await sites(haven)
            #expect(all.filter { $0.name.hasPrefix("Riverside") }.map(\.name) == ["Riverside Hall (upstairs)"])
            // The new lead waits for a DSL.
            #expect(all.first { $0.id == site.id }?.designatedLead == nil)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.count == 1)
            // Only an existing site can be changed.
            let unknown = try await haven.postForm(
                "/admin/organisation/sites", [("_form", "site"), ("id", UUID().uuidString), ("name", "Ghost")],
                session: admin)
            #expect(unknown.status == .unprocessableEntity)
            #expect(try await sites(haven).contains { $0.name == "Ghost" } == false)

            // A concern raised there before it closes keeps its name.
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let before = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Site Child"), ("howItArose", "observed"), ("site", site.id.description),
                    ("account", "He came in with a black eye and would not say how it happened."),
                ], session: reporter)
            #expect(before.status == .seeOther)

            // Close: needs the tick; then it is listed as closed, off the recording form, refused.
            let unticked = try await haven.postForm(
                "/admin/organisation/sites/close", [("_form", "close-\(site.id)"), ("site", site.id.description)],
                session: admin)
            #expect(unticked.status == .unprocessableEntity)
            #expect(unticked.body.string.problemLinks == ["close-\(site.id)-confirm"])
            #expect(try await sites(haven).first { $0.id == site.id }?.closedAt == nil)
            let closed = try await haven.postForm(
                "/admin/organisation/sites/close",
                [("_form", "close-\(site.id)"), ("site", site.id.description), ("confirm", "on")], session: admin)
            #expect(closed.status == .seeOther)
            all = try await sites(haven)
            #expect(all.first { $0.id == site.id }?.closedAt != nil)
            page = try await haven.request(.GET, "/admin/organisation", headers: admin.cookieHeaders).body.string
            #expect(page.part("closed-sites")?.contains("Riverside Hall (upstairs)") == true)
            #expect(page.part("sites")?.contains("Riverside") != true)
            let newForm = try await haven.request(.GET, "/concerns/new", headers: reporter.cookieHeaders).body.string
            #expect(!newForm.contains(site.id.description))
            let after = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Late Child"), ("howItArose", "observed"), ("site", site.id.description),
                    ("account", "Seen crying at the gate after everyone had gone home."),
                ], session: reporter)
            #expect(after.status == .unprocessableEntity && after.body.string.problemLinks == ["site"])
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }
            #expect(events.filter { $0.action == "site.closed" }.count == 1)
            // The lead asked for before it closed is not approved for a closed site.
            let approval = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            let dsl = try await haven.signIn("dsl")
            let refusedApproval = try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl)
            #expect(refusedApproval.status == .unprocessableEntity)
            #expect(refusedApproval.body.string.contains("has closed since this was asked for"))
            #expect(try await sites(haven).first { $0.id == site.id }?.designatedLead == nil)
        }
    }

    /// A second lead asked for the same site withdraws the first request: approving the first
    /// afterwards would undo what the administrator asked for since. The approvals page says so.
    @Test(arguments: TestDatabaseKind.available)
    func aNewerLeadForASiteWithdrawsTheOlderRequest(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let admin = try await haven.signIn("administrator")
            _ = try await haven.postForm(
                "/admin/organisation/sites", [("_form", "site"), ("name", "Orchard Room")], session: admin)
            let site = try #require(try await sites(haven).first { $0.name == "Orchard Room" })
            func ask(_ key: String) async throws {
                let asked = try await haven.postForm(
                    "/admin/organisation/sites",
                    [
                        ("_form", "site"), ("id", site.id.description), ("name", "Orchard Room"),
                        ("designatedLead", haven.people[key]!.id.description),
                    ], session: admin)
                #expect(asked.headers.first(name: .location) == "/admin/organisation?done=waiting")
            }
            try await ask("deputy_dsl")
            let first = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            try await ask("dsl")
            let pending = try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }
            #expect(pending.count == 1 && pending.first?.id != first.id)
            let withdrawn = try await haven.env.unitOfWork.read { tx in try await tx.approvals.find(first.id) }
            #expect(withdrawn?.status == .withdrawn)
            // The DSL cannot approve the withdrawn one; the page says it was replaced.
            let dsl = try await haven.signIn("dsl")
            let late = try await haven.postForm("/approvals/\(first.id)/approve", [], session: dsl)
            #expect(late.status == .unprocessableEntity)
            #expect(try await sites(haven).first { $0.id == site.id }?.designatedLead == nil)
            let page = try await haven.request(.GET, "/approvals", headers: dsl.cookieHeaders).body.string
            #expect(page.contains("Replaced by a newer request from"))
            // Another site's request is untouched.
            _ = try await haven.postForm(
                "/admin/organisation/sites",
                [
                    ("_form", "site"), ("name", "Boathouse"),
                    ("designatedLead", haven.people["deputy_dsl"]!.id.description),
                ],
                session: admin)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.count == 2)
        }
    }
}
