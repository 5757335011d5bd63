import Fluent
import Foundation
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("R7.1 audit page for auditors")
struct AuditPageTests {
    /// Issue 10.3: the page shows the last check of the whole chain; viewing it never starts a
    /// new one (a long chain takes time, and a page view should not), the button does.
    @Test func anAuditorSeesTheLastCheckAndChecksAgainOnRequest() async throws {
        try await TestHaven.with(.sqlite) { haven in
            try await haven.recordConcern(about: "Auditpage Child")
            let auditor = try await haven.signIn("auditor")
            let first = try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders)
            #expect(first.status == .ok)
            #expect(first.body.string.contains("has not been checked yet"))
            #expect(try await haven.postForm("/audit/verify", [], session: auditor).status == .seeOther)
            let intact = try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders).body.string
            #expect(intact.contains("Intact when last checked"))
            #expect(intact.contains("by Fixture auditor"))
            #expect(!intact.contains("Auditpage"))
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            try await sql.update("audit_events").set("action", to: SQLBind("concern.forged")).where(
                "sequence", .equal, SQLBind(Int64(3))
            ).run()
            // Viewing the page again shows the last check, not a new one.
            #expect(
                try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders).body.string.contains(
                    "Intact when last checked"))
            #expect(try await haven.postForm("/audit/verify", [], session: auditor).status == .seeOther)
            #expect(
                try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders).body.string.contains(
                    "event 3 was altered"))
            let reporter = try await haven.signIn("reporter")
            #expect(try await haven.request(.GET, "/audit", headers: reporter.cookieHeaders).status == .forbidden)
            #expect(try await haven.postForm("/audit/verify", [], session: reporter).status == .forbidden)
        }
    }

    /// Issue 10.3: when the anchor cannot be written, the commit still stands (it is durable), but
    /// the failure is logged as an error and shown on the audit page until a write succeeds.
    @Test func aFailureToWriteTheAnchorIsLoggedAndShown() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let auditor = try await haven.signIn("auditor")
            let path = haven.config.auditAnchorFile
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let recorded = try await haven.recordConcern(about: "Anchor Failure Child")
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(recorded.receipt.concernID) }
                    != nil)
            #expect(LogCapture.shared.contains("the audit anchor could not be written"))
            let page = try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders).body.string
            #expect(page.contains("id=\"anchor-problem\""))
            try FileManager.default.removeItem(atPath: path)
            try await haven.recordConcern(about: "Anchor Back Child")
            #expect(
                !(try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders).body.string.contains(
                    "id=\"anchor-problem\"")))
        }
    }
}
