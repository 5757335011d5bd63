import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.7: what the DSL's concern page puts in front of them: the local contacts, and (R2.6)
/// a prompt to think about other children in the household of the person named as having
/// caused harm.
@Suite("Issue 12.7 the DSL's concern page: contacts and the household prompt")
struct ConcernPagePromptsTests {
    /// Issue 12.7: whoever handles a concern has every local contact on its page (the LADO, early
    /// help, …); the recorder, on their receipt, has the emergency numbers only.
    @Test func theConcernPageShowsTheLocalContactsToWhoeverHandlesIt() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            for contact in [
                LocalContact(area: "Northshire", kind: .lado, name: "Northshire LADO team", phone: "01632 960100"),
                LocalContact(
                    area: "Northshire", kind: .frontDoor, name: "Children's front door", phone: "01632 960101"),
            ] {
                try await LocalContacts(haven.env).save(contact, by: admin)
            }
            let concern = try await haven.recordConcern(about: "Contact Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(concern)", headers: dsl.cookieHeaders).body.string
            let contacts = try #require(page.part("local-contacts").map(String.init))
            #expect(contacts.contains("Northshire LADO team") && contacts.contains("tel:01632 960100"))
            #expect(contacts.contains("Children&#39;s front door"))
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let own = try await haven.request(.GET, "/receipts/\(concern)", headers: reporter.cookieHeaders)
            #expect(own.status == .ok && own.body.string.part("local-contacts") == nil)
            // The emergency numbers are on it for both.
            #expect(own.body.string.contains("tel:01632 960101") && page.contains("tel:01632 960101"))
        }
    }

    @Test func theDSLIsPromptedAboutOtherChildrenInTheirHousehold() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Prompt Child"), ("howItArose", "disclosed_by_child"),
                    ("account", "She said her mum's partner hits her when he has been drinking."),
                    ("allegedPerpetrator.name", "Gareth Vale"), ("allegedPerpetrator.relationship", "mum's partner"),
                ], session: reporter)
            let id = try #require(sent.headers.first(name: .location)).dropFirst("/receipts/".count)
            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            let prompt = try #require(page.part("household-prompt").map(String.init))
            #expect(prompt.withoutIsolates.contains("Think about other children who live with Gareth Vale"))
            // Not on a concern naming nobody.
            let other = try await haven.recordConcern(about: "No One Named").receipt.concernID
            let plain = try await haven.request(.GET, "/concerns/\(other)", headers: dsl.cookieHeaders).body.string
            #expect(plain.part("household-prompt") == nil)
        }
    }

    /// R2.6: from a concern naming someone who works with children, the DSL starts an allegation
    /// record in one step (once, however often it is sent); it waits on the dashboard, and the
    /// child's access log shows who started it. Nobody named, nothing to start; a recorder cannot.
    @Test(arguments: TestDatabaseKind.available)
    func theDSLStartsAnAllegationRecordInOneStep(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Allegation Child"), ("howItArose", "disclosed_by_child"),
                    ("account", "He said the swimming coach keeps him behind and it makes him scared."),
                    ("allegedPerpetrator.name", "Coach Brannigan"), ("allegedPerpetrator.worksWithChildren", "on"),
                ], session: reporter)
            let id = String(try #require(sent.headers.first(name: .location)).dropFirst("/receipts/".count))
            let dsl = try await haven.signIn("dsl")
            var page = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            #expect(page.element("start-allegation")?.contains("primary") == true)
            let refused = try await haven.postForm("/concerns/\(id)/allegation", [], session: reporter)
            #expect(refused.status == .forbidden)
            for _ in 0..<2 {
                let started = try await haven.postForm("/concerns/\(id)/allegation", [], session: dsl)
                #expect(
                    started.status == .seeOther
                        && started.headers.first(name: .location) == "/concerns/\(id)#allegation")
            }
            let concern = try #require(ConcernID(string: id))
            let kept = try await haven.env.unitOfWork.read { tx in
                try await tx.cases.allegationsStarted(concerns: [concern], limit: 10)
            }
            #expect(kept.count == 1 && kept.first?.startedBy == haven.people["dsl"]!.id)
            page = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            #expect(
                page.part("allegation-started")?.contains("Fixture dsl") == true
                    && page.element("start-allegation") == nil)
            let home = try await haven.request(.GET, "/", headers: dsl.cookieHeaders).body.string
            #expect(home.part("allegations-started")?.contains("/concerns/\(id)#allegation") == true)

            // Nobody named: nothing to start, said beside the button.
            let plain = try await haven.recordConcern(about: "Nobody Named").receipt.concernID
            let nobody = try await haven.postForm("/concerns/\(plain)/allegation", [], session: dsl)
            #expect(nobody.status == .unprocessableEntity && nobody.body.string.problemLinks == ["allegation"])

            let child = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(concern) })
                .childID
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: dsl)
            let log = try await haven.request(.GET, "/children/\(child)/access-log", headers: dsl.cookieHeaders)
            #expect(log.body.string.contains("started an allegation record from a concern about them"))
        }
    }

    /// Issue 12.7: the API starts an allegation record as the page does (once), and a concern read
    /// over the API says when one was started and by whom.
    @Test(arguments: TestDatabaseKind.available)
    func theAPIStartsAnAllegationRecord(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.api(
                .POST, "/api/v1/concerns", session: reporter,
                json:
                    #"{"child":{"name":"API Allegation"},"howItArose":"disclosed_by_child","account":"She said the tutor grabs her arm hard.","allegedPerpetrator":{"name":"Mr Tutor","worksWithChildren":true}}"#
            )
            let id = try #require(sent.body.string.firstMatch(of: /"concernID":"([^"]+)"/)?.1)
            let dsl = try await haven.signIn("dsl")
            let first = try await haven.api(.POST, "/api/v1/concerns/\(id)/allegation", session: dsl, json: "{}")
            #expect(first.status == .created)
            let again = try await haven.api(.POST, "/api/v1/concerns/\(id)/allegation", session: dsl, json: "{}")
            let startedAt = try #require(first.body.string.firstMatch(of: /"startedAt":"([^"]+)"/)?.1)
            #expect(again.body.string.contains(String(startedAt)))
            let concern = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: dsl).body.string
            #expect(
                concern.contains(#""allegationStartedAt":"\#(startedAt)""#) && concern.contains("allegationStartedBy"))
            #expect(
                try await haven.api(.POST, "/api/v1/concerns/\(id)/allegation", session: reporter).status == .forbidden)
            let plain = try await haven.recordConcern(about: "API Nobody Named").receipt.concernID
            let nobody = try await haven.api(.POST, "/api/v1/concerns/\(plain)/allegation", session: dsl, json: "{}")
            #expect(nobody.status == .unprocessableEntity && nobody.body.string.contains(#""field":"allegation""#))
        }
    }

    /// Issue 12.7: the administrator changes a contact from the directory (its row fills the
    /// form) and removes one that no longer answers; the DSL's concern page follows.
    @Test func anAdministratorChangesAndRemovesContacts() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let added = try await haven.postForm(
                "/admin/contacts",
                [("area", "North & East"), ("kind", "lado"), ("name", "LADO duty desk"), ("phone", "01632 960200")],
                session: admin)
            #expect(added.status == .seeOther)
            var page = try await haven.request(.GET, "/admin/contacts", headers: admin.cookieHeaders).body.string
            let link = try #require(page.firstMatch(of: /href="(\/admin\/contacts\?area=[^"]+)"/).map { String($0.1) })
            let form = try await haven.request(
                .GET, link.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "#change", with: ""),
                headers: admin.cookieHeaders
            ).body.string
            #expect(form.keptValue("area") == "North & East" && form.keptValue("phone") == "01632 960200")
            #expect(form.contains(#"<option value="lado" selected>"#))
            _ = try await haven.postForm(
                "/admin/contacts",
                [("area", "North & East"), ("kind", "lado"), ("name", "LADO duty desk"), ("phone", "01632 960299")],
                session: admin)
            page = try await haven.request(.GET, "/admin/contacts", headers: admin.cookieHeaders).body.string
            #expect(page.contains("01632 960299") && !page.contains("01632 960200"))

            let concern = try await haven.recordConcern(about: "Directory Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            var shown = try await haven.request(.GET, "/concerns/\(concern)", headers: dsl.cookieHeaders).body.string
            #expect(shown.part("local-contacts")?.contains("01632 960299") == true)
            let removed = try await haven.postForm(
                "/admin/contacts/remove", [("area", "North & East"), ("kind", "lado")], session: admin)
            #expect(removed.status == .seeOther)
            shown = try await haven.request(.GET, "/concerns/\(concern)", headers: dsl.cookieHeaders).body.string
            #expect(shown.part("local-contacts") == nil && !shown.contains("01632 960299"))
            // Only those who manage contacts may remove one.
            let refused = try await haven.postForm(
                "/admin/contacts/remove", [("area", "North & East"), ("kind", "lado")], session: dsl)
            #expect(refused.status == .forbidden)
        }
    }
}
