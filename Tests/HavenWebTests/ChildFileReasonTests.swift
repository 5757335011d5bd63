import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// R7.7: a child's file opens only once the reason is given, and the reason is kept with the
/// record of the opening for the DSL to see.
@Suite("R7.7 opening a child's file asks why")
struct ChildFileReasonTests {
    func openings(_ haven: TestHaven, _ child: ChildID) async throws -> [AuditEvent] {
        try await haven.env.unitOfWork.read { tx in
            try await tx.auditLog.events(subjectType: .child, subjectIDs: [child.description], limit: 100)
        }.filter { $0.action == AuditAction.childFileOpened.rawValue }
    }

    @Test func thePageAsksFirstAndShowsNothingOfTheChildUntilAnswered() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let recorded = try await haven.recordConcern(about: "Wilhelmina Reasonfixture")
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let child = try await ReadConcern(haven.env)(recorded.receipt.concernID, by: dsl).concern.childID
            let session = try await haven.signIn("dsl")

            let asked = try await haven.request(.GET, "/children/\(child)", headers: session.cookieHeaders)
            #expect(asked.status == .ok)
            #expect(asked.body.string.contains(#"id="open-file-form""#))
            #expect(!asked.body.string.contains("Wilhelmina"))
            #expect(try await openings(haven, child).isEmpty)

            // The reason in the address opens nothing: it is asked for in a form's body.
            let inAddress = try await haven.request(
                .GET, "/children/\(child)?reason=referral&reasonNote=Strategy", headers: session.cookieHeaders)
            #expect(inAddress.body.string.contains(#"<form method="post" action="/children/\#(child)/open""#))
            #expect(!inAddress.body.string.contains("Wilhelmina"))

            let incomplete = try await haven.postForm(
                "/children/\(child)/open", [("reason", "other"), ("reasonNote", "")], session: session)
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.string.problemLinks == ["reasonNote"])
            #expect(incomplete.body.string.contains(#"value="other" required checked"#))
            #expect(!incomplete.body.string.contains("Wilhelmina"))
            #expect(try await openings(haven, child).isEmpty)

            let sent = try await haven.postForm(
                "/children/\(child)/open", [("reason", "referral"), ("reasonNote", "Strategy meeting on Monday")],
                session: session)
            #expect(sent.status == .seeOther && sent.headers.first(name: .location) == "/children/\(child)")
            let opened = try await haven.request(.GET, "/children/\(child)", headers: session.cookieHeaders)
            #expect(opened.status == .ok)
            #expect(opened.body.string.contains("Wilhelmina Reasonfixture"))
            #expect(!opened.body.string.contains("Strategy meeting"), "the reason is in no link or form")
            let events = try await openings(haven, child)
            // The trail keeps the reason by name, whatever language it was chosen in; the access log
            // shows it in the reader's words.
            #expect(events.map(\.reason) == ["referral: Strategy meeting on Monday"])

            let log = try await haven.request(.GET, "/children/\(child)/access-log", headers: session.cookieHeaders)
            #expect(
                log.body.string.contains(
                    "Preparing a referral or sharing information with another agency: Strategy meeting on Monday"))
        }
    }

    /// Issue 12.8: one opening lasts the visit: filtering, re-ordering and coming back within half
    /// an hour in the same session ask nothing and log nothing more; after half an hour, or in
    /// another session, the file is opened again with a reason.
    @Test(arguments: TestDatabaseKind.available)
    func oneOpeningLastsTheVisit(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let recorded = try await haven.recordConcern(about: "Visit Lasting")
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let child = try await ReadConcern(haven.env)(recorded.receipt.concernID, by: dsl).concern.childID
            let session = try await haven.signIn("dsl")
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: session)
            for path in ["", "?order=oldest", "?category=neglect", "?find=Vis", ""] {
                let page = try await haven.request(.GET, "/children/\(child)\(path)", headers: session.cookieHeaders)
                #expect(page.body.string.contains("<h1>Visit Lasting</h1>"), "\(path)")
                haven.clock.advance(by: 5 * 60)
            }
            #expect(try await openings(haven, child).count == 1)
            // Another session (the same DSL on another device) is asked.
            let other = try await haven.signIn("dsl")
            let elsewhere = try await haven.request(.GET, "/children/\(child)", headers: other.cookieHeaders)
            #expect(elsewhere.body.string.contains(#"id="open-file-form""#))
            // Half an hour after the opening, asked again.
            haven.clock.advance(by: 6 * 60)
            let later = try await haven.request(.GET, "/children/\(child)", headers: session.cookieHeaders)
            #expect(later.body.string.contains(#"id="open-file-form""#))
            #expect(!later.body.string.contains("Visit Lasting"))
            #expect(try await openings(haven, child).count == 1)
        }
    }

    /// Issue 12.8: finding a child to link by name, during a visit, lists them: each child found has
    /// it in their access log; a search that finds nobody writes nothing.
    @Test func childrenFoundToLinkAreInTheirAccessLogs() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let visited = try await ReadConcern(haven.env)(
                try await haven.recordConcern(about: "Visit Finder").receipt.concernID, by: dsl
            ).concern.childID
            let found = try await ReadConcern(haven.env)(
                try await haven.recordConcern(about: "Lulu Findable").receipt.concernID, by: dsl
            ).concern.childID
            func listed() async throws -> Int {
                try await haven.env.unitOfWork.read { tx in
                    try await tx.auditLog.events(subjectType: .child, subjectIDs: [found.description], limit: 100)
                }.filter { $0.action == AuditAction.childrenListed.rawValue }.count
            }
            let before = try await listed()
            let session = try await haven.signIn("dsl")
            _ = try await haven.postForm("/children/\(visited)/open", [("reason", "case_review")], session: session)
            let page = try await haven.request(.GET, "/children/\(visited)?find=Lulu", headers: session.cookieHeaders)
            #expect(page.body.string.contains("Lulu Findable"))
            #expect(try await listed() == before + 1)
            _ = try await haven.request(.GET, "/children/\(visited)?find=Nobodyatall", headers: session.cookieHeaders)
            _ = try await haven.request(.GET, "/children/\(visited)", headers: session.cookieHeaders)
            #expect(try await listed() == before + 1)
        }
    }

    /// Issue 12.8 over the API: the reason is POSTed (never in an address), the opening lasts the
    /// visit in that session, and without one nothing of the file is given.
    @Test(arguments: TestDatabaseKind.available)
    func theAPIOpensAFileWithAReasonInTheBody(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let recorded = try await haven.recordConcern(about: "Wilhelmina Reasonfixture")
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let child = try await ReadConcern(haven.env)(recorded.receipt.concernID, by: dsl).concern.childID
            let session = try await haven.signIn("dsl")
            let chronology = "/api/v1/children/\(child)/chronology"
            // Not opened, or with the reason in the address: refused naming the reason, nothing shown.
            for query in [
                "", "?reason=case_review", "?order=oldest&reasonNote=x", "?Reason=case_review", "?%0Areason=x",
                "?filter[reason]=x", "?note=secret", "?order=oldest;_reason=x",
            ] {
                let refused = try await haven.api(.GET, chronology + query, session: session)
                #expect(refused.status == .unprocessableEntity, "\(query)")
                #expect(refused.body.string.contains(#""field":"reason""#), "\(query): \(refused.body.string)")
                #expect(!refused.body.string.contains("Wilhelmina"))
            }
            let openings = "/api/v1/children/\(child)/openings"
            for (body, field) in [
                ("{}", "reason"), (#"{"reason":"curiosity"}"#, "reason"), (#"{"reason":"other"}"#, "reasonNote"),
            ] {
                let refused = try await haven.api(.POST, openings, session: session, json: body)
                #expect(refused.status == .unprocessableEntity, "\(body)")
                #expect(refused.body.string.contains(#""field":"\#(field)""#), "\(body): \(refused.body.string)")
            }
            // Anything in the opening's address is refused too, even with a good reason in the body.
            let addressed = try await haven.api(
                .POST, openings + "?reasonNote=Strategy", session: session, json: #"{"reason":"case_review"}"#)
            #expect(addressed.status == .unprocessableEntity)
            #expect(try await self.openings(haven, child).isEmpty)
            let opened = try await haven.api(.POST, openings, session: session, json: #"{"reason":"case_review"}"#)
            #expect(opened.status == .created)
            #expect(opened.body.string.contains(#""childID":"\#(child)""#))
            // Paging and ordering during the visit: no reason asked, no second opening.
            for query in ["", "?order=oldest"] {
                let file = try await haven.api(.GET, chronology + query, session: session)
                #expect(file.status == .ok, "\(query): \(file.body.string)")
                #expect(file.body.string.contains("Wilhelmina"))
            }
            #expect(try await self.openings(haven, child).map(\.reason) == ["case_review"])
            // Another session has not opened it; nor has this one, half an hour on.
            let other = try await haven.signIn("dsl")
            #expect(try await haven.api(.GET, chronology, session: other).status == .unprocessableEntity)
            // (The session is kept alive meanwhile, so that it is the visit, not the session, that ends.)
            for _ in 0..<4 {
                haven.clock.advance(by: FileVisit.lasts / 4 + 30)
                let alive = try await haven.api(.GET, "/api/v1/inbox", session: session)
                #expect(alive.status == .ok, "\(alive.status) \(alive.body.string)")
            }
            #expect(try await haven.api(.GET, chronology, session: session).status == .unprocessableEntity)
        }
    }
}
