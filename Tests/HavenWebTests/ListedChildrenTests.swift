import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.8: pages that list children by name (the inbox, the children list) record one event
/// per page view naming the children shown, so that each child's access log says who saw their
/// name, and when; a child not on the page is not named.
@Suite("Issue 12.8 each child's access log shows who saw their name in a list")
struct ListedChildrenTests {
    @Test(arguments: TestDatabaseKind.available)
    func aListedChildsAccessLogSaysWhoSawTheirName(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let shown = try await haven.recordConcern(about: "Listed Lowenna").receipt
            let dsl = try await haven.signIn("dsl")
            let deputy = try await haven.signIn("deputy_dsl")
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }
            let before = events.count
            _ = try await haven.request(.GET, "/inbox", headers: dsl.cookieHeaders)
            _ = try await haven.request(.GET, "/children", headers: deputy.cookieHeaders)
            _ = try await haven.request(.GET, "/children?q=Lowenna", headers: deputy.cookieHeaders)
            let after = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 10_000)
            }
            #expect(after.count == before + 3, "one event per page view")
            let child = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(shown.concernID) }
            ).childID
            // A child not on any of those pages: recorded afterwards.
            let unseen = try await haven.recordConcern(about: "Unseen Ulla").receipt
            let unseenChild = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(unseen.concernID) }
            ).childID
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: dsl)
            let log = try await haven.request(.GET, "/children/\(child)/access-log", headers: dsl.cookieHeaders)
            let text = log.body.string.withoutIsolates
            #expect(text.contains("Fixture dsl") && text.contains("saw their name in the inbox"))
            #expect(text.contains("Fixture deputy_dsl") && text.contains("saw their name in the children list"))
            #expect(text.components(separatedBy: "saw their name in the children list").count == 3, "list and search")
            let lines = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(subjectType: .child, subjectIDs: [unseenChild.description], limit: 100)
            }
            #expect(!lines.contains { $0.action == AuditAction.inboxRead.rawValue })
            // The chain holds each list: how many children, and a digest of their ids.
            let inboxEvent = try #require(after.last { $0.action == AuditAction.inboxRead.rawValue })
            #expect(inboxEvent.reason?.hasPrefix("1 ") == true && inboxEvent.reason?.count == 66)
        }
    }
}
