import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// R7.1 (issue 12.7): what a child shares in confidence about themselves is kept apart from the
/// concern: only the DSL and deputies read it, each time giving a reason the child's access log
/// keeps; nobody else (the recorder who wrote it, a delegate, anyone kept away) reads it back,
/// and no page, chronology or API answer that shows the concern holds it.
@Suite("Issue 12.7 restricted information shared in confidence")
struct RestrictedInformationTests {
    static let confidence = "She told me she is gay and her parents do not know."

    func record(_ haven: TestHaven, extra: [(String, String)] = []) async throws -> ConcernID {
        let reporter = try await haven.signIn("reporter", secondFactor: false)
        let sent = try await haven.postForm(
            "/concerns",
            [
                ("child.name", "Confided Child"), ("howItArose", "disclosed_by_child"),
                ("account", "She said she is being bullied at school about who she is and feels unsafe."),
                ("restricted", Self.confidence),
            ] + extra, session: reporter)
        #expect(sent.status == .seeOther)
        let location = try #require(sent.headers.first(name: .location))
        return try #require(ConcernID(string: String(location.dropFirst("/receipts/".count))))
    }

    @Test(arguments: TestDatabaseKind.available)
    func onlyTheLeadsReadItAndEachReadingIsLoggedWithItsReason(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await record(haven)
            let stored = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(id) })
            // Kept apart: the concern's content has none of it.
            #expect(stored.content.restricted == nil)
            let kept = try await haven.env.unitOfWork.read { tx in try await tx.concerns.restricted(id) }
            #expect(kept.map(\.text) == [Self.confidence])

            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            #expect(!page.contains(Self.confidence))
            let section = try #require(page.part("restricted").map(String.init))
            #expect(section.contains("This concern keeps one thing the child shared in confidence."))
            let api = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: dsl).body.string
            #expect(!api.contains(Self.confidence) && !api.contains("restricted"))

            // No reason, nothing shown and nothing logged as read.
            let refused = try await haven.postForm(
                "/concerns/\(id)/restricted", [("_form", "confidence")], session: dsl)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.problemLinks == ["confidence-reason"])
            #expect(!refused.body.string.contains(Self.confidence))
            let other = try await haven.postForm(
                "/concerns/\(id)/restricted", [("_form", "confidence"), ("reason", "other")], session: dsl)
            #expect(other.body.string.problemLinks == ["confidence-reasonNote"])

            let read = try await haven.postForm(
                "/concerns/\(id)/restricted", [("_form", "confidence"), ("reason", "protect_the_child")], session: dsl)
            #expect(read.status == .ok)
            #expect(read.body.string.part("restricted-information")?.contains(Self.confidence) == true)
            #expect(read.headers.first(name: .cacheControl) == "no-store")

            // The child's file: nothing of it in the chronology; the access log has each reading
            // with its reason (once, for the one reading).
            let child = stored.childID
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: dsl)
            let file = try await haven.request(.GET, "/children/\(child)", headers: dsl.cookieHeaders).body.string
            #expect(!file.contains(Self.confidence))
            // That something was shared in confidence shows in the chronology, by whom; never what.
            let lines = try #require(file.part("chronology").map(String.init))
            #expect(lines.components(separatedBy: "Shared in confidence").count == 2, "\(lines)")
            #expect(lines.contains("Only the DSL and deputies can read it"))
            let log = try await haven.request(.GET, "/children/\(child)/access-log", headers: dsl.cookieHeaders)
                .body.string
            #expect(log.components(separatedBy: "read information the child shared in confidence").count == 2)
            #expect(log.contains("To protect the child"))
            #expect(log.contains("added information the child shared in confidence"))

            // The deputy adds more; the API reads both, oldest first, with a reason.
            let deputy = try await haven.signIn("deputy_dsl")
            let added = try await haven.postForm(
                "/concerns/\(id)/restricted/add",
                [("_form", "confidence-add"), ("text", "She asked me to tell no one.")],
                session: deputy)
            #expect(added.status == .seeOther)
            let both = try await haven.api(
                .POST, "/api/v1/concerns/\(id)/restricted/read", session: deputy, json: #"{"reason":"child_agreed"}"#)
            #expect(both.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(both.body.readableBytesView)) as? [String: Any]
            let texts = (body?["information"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
            #expect(texts == [Self.confidence, "She asked me to tell no one."])
            let now = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            #expect(now.part("restricted")?.contains("keeps 2 things") == true)
            let chronology = try await haven.openedChronology(of: child.description, session: deputy)
            #expect(chronology.components(separatedBy: #""kind":"restricted_added""#).count == 3, "\(chronology)")
            #expect(!chronology.contains(Self.confidence) && !chronology.contains("She asked me to tell no one."))
        }
    }

    /// The recorder who wrote it, a delegate handling the concern and a DSL named as having
    /// caused harm are each refused, and see no hint of it on the concern.
    @Test(arguments: TestDatabaseKind.available)
    func nobodyElseReadsIt(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await record(haven)
            let dsl = try await haven.signIn("dsl")
            let manager = haven.people["line_manager"]!.id.description
            let delegated = try await haven.postForm(
                "/concerns/\(id)/delegate", [("delegate", manager), ("note", "Please look at this")], session: dsl)
            #expect(delegated.status == .seeOther)
            let delegate = try await haven.signIn("line_manager")
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: delegate.cookieHeaders)
            #expect(page.status == .ok)
            #expect(page.body.string.part("restricted") == nil && !page.body.string.contains(Self.confidence))
            for session in [delegate, try await haven.signIn("reporter")] {
                let form = try await haven.postForm(
                    "/concerns/\(id)/restricted", [("reason", "protect_the_child")], session: session)
                #expect(form.status == .forbidden && !form.body.string.contains(Self.confidence))
                let api = try await haven.api(
                    .POST, "/api/v1/concerns/\(id)/restricted/read", session: session,
                    json: #"{"reason":"case_review"}"#)
                #expect(api.status == .forbidden && !api.body.string.contains(Self.confidence))
            }
            // A concern naming the DSL: kept from them, the deputy reads it.
            let accused = try await record(
                haven, extra: [("allegedPerpetrator.person", haven.people["dsl"]!.id.description)])
            let kept = try await haven.postForm(
                "/concerns/\(accused)/restricted", [("reason", "protect_the_child")], session: dsl)
            #expect(kept.status == .notFound && !kept.body.string.contains(Self.confidence))
            let deputy = try await haven.signIn("deputy_dsl")
            let read = try await haven.postForm(
                "/concerns/\(accused)/restricted", [("reason", "protect_the_child")], session: deputy)
            #expect(read.status == .ok && read.body.string.contains(Self.confidence))
        }
    }

    /// Too long, or a picture pasted in, is refused naming the field, and nothing is recorded.
    @Test func whatCannotBeKeptIsRefused() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let before = try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
            let long = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Long Confidence"), ("howItArose", "observed"), ("account", "Something happened."),
                    ("restricted", String(repeating: "a", count: 4001)),
                ], session: reporter)
            #expect(long.status == .unprocessableEntity && long.body.string.problemLinks == ["restricted"])
            #expect(long.body.string.contains("<details id=\"restricted-section\" open>"))
            let picture = try await haven.api(
                .POST, "/api/v1/concerns", session: reporter,
                json:
                    #"{"child":{"name":"Picture"},"howItArose":"observed","account":"x","restricted":"data:image/png;base64,iVBORw0KGgo="}"#
            )
            #expect(picture.status == .unprocessableEntity && picture.body.string.contains(#""field":"restricted""#))
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == before)
            let dsl = try await haven.signIn("dsl")
            let id = try await record(haven)
            let empty = try await haven.postForm(
                "/concerns/\(id)/restricted/add", [("_form", "confidence-add"), ("text", "  ")], session: dsl)
            #expect(empty.status == .unprocessableEntity && empty.body.string.problemLinks == ["confidence-add-text"])
        }
    }
}
