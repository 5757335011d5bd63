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
    @Test func anAuditorSeesTheChainIntactThenAltered() async throws {
        try await TestHaven.with(.sqlite) { haven in
            try await haven.recordConcern(about: "Auditpage Child")
            let auditor = try await haven.signIn("auditor")
            let intact = try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders)
            #expect(intact.status == .ok)
            #expect(intact.body.string.contains("Intact"))
            #expect(!intact.body.string.contains("Auditpage"))
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            try await sql.update("audit_events").set("action", to: SQLBind("concern.forged")).where("sequence", .equal, SQLBind(Int64(3))).run()
            let altered = try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders)
            #expect(altered.body.string.contains("event 3 was altered"))
            let reporter = try await haven.signIn("reporter")
            #expect(try await haven.request(.GET, "/audit", headers: reporter.cookieHeaders).status == .forbidden)
        }
    }
}
