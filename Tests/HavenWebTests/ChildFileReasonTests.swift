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

            let incomplete = try await haven.request(
                .GET, "/children/\(child)?reason=other&reasonNote=", headers: session.cookieHeaders)
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.string.contains(#"data-field="reasonNote""#))
            #expect(!incomplete.body.string.contains("Wilhelmina"))
            #expect(try await openings(haven, child).isEmpty)

            let opened = try await haven.request(
                .GET, "/children/\(child)?reason=referral&reasonNote=Strategy+meeting+on+Monday",
                headers: session.cookieHeaders)
            #expect(opened.status == .ok)
            #expect(opened.body.string.contains("Wilhelmina Reasonfixture"))
            // The page's own filter form carries the reason, so filtering does not ask again.
            #expect(opened.body.string.contains(#"name="reason" value="referral""#))
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

    @Test func theAPIRefusesToOpenAFileWithoutAReason() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let recorded = try await haven.recordConcern(about: "Wilhelmina Reasonfixture")
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let child = try await ReadConcern(haven.env)(recorded.receipt.concernID, by: dsl).concern.childID
            let session = try await haven.signIn("dsl")
            for (query, field) in [("", "reason"), ("?reason=curiosity", "reason"), ("?reason=other", "reasonNote")] {
                let refused = try await haven.api(
                    .GET, "/api/v1/children/\(child)/chronology\(query)", session: session)
                #expect(refused.status == .unprocessableEntity, "\(query)")
                #expect(refused.body.string.contains(#""field":"\#(field)""#), "\(query): \(refused.body.string)")
                #expect(!refused.body.string.contains("Wilhelmina"))
            }
            #expect(try await openings(haven, child).isEmpty)
            let opened = try await haven.api(
                .GET, "/api/v1/children/\(child)/chronology?reason=case_review", session: session)
            #expect(opened.status == .ok)
            #expect(
                try await openings(haven, child).map(\.reason) == ["case_review"])
        }
    }
}
