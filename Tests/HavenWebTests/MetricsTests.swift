import Foundation
import HavenApp
import HavenTestSupport
import Testing
import Vapor

/// N4: /metrics shows requests by route pattern, the writer's batches and commit times, the
/// outbox and the audit chain; only to this machine or to a scraper with the token.
@Suite("N4 metrics")
struct MetricsTests {
    static let token = String(repeating: "m", count: 40)

    @Test func aScraperWithTheTokenSeesWhatHavenIsDoingAndNoIDs() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.metricsToken = Self.token }) { haven in
            let recorded = try await haven.recordConcern(about: "Metric Child")
            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(
                .GET, "/concerns/\(recorded.receipt.concernID)", headers: dsl.cookieHeaders)
            #expect(page.status == .ok)
            let response = try await haven.request(.GET, "/metrics", headers: ["Authorization": "Bearer \(Self.token)"])
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("text/plain") == true)
            let text = response.body.string
            for name in [
                "http_requests_total", "http_request_duration_seconds", "haven_write_batches_total",
                "haven_write_units_total",
                "haven_write_batch_seconds_bucket", "haven_outbox_backlog", "haven_outbox_failing",
                "haven_audit_chain_verified",
            ] {
                #expect(text.contains(name), "\(name) is missing")
            }
            // Requests are counted by their route's pattern: an id never becomes a label.
            #expect(text.contains("path=\"/concerns/:concernID\""))
            #expect(!text.contains(recorded.receipt.concernID.description))
            #expect(!text.contains("Metric Child"))
        }
    }

    @Test func withoutTheTokenOrWithAWrongOneItIsNotThere() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.metricsToken = Self.token }) { haven in
            // In-process requests come from no address: not this machine.
            #expect(try await haven.request(.GET, "/metrics").status == .notFound)
            let wrong = String(repeating: "n", count: 40)
            #expect(
                try await haven.request(.GET, "/metrics", headers: ["Authorization": "Bearer \(wrong)"]).status
                    == .notFound)
            let dsl = try await haven.signIn("dsl")
            #expect(try await haven.request(.GET, "/metrics", headers: dsl.cookieHeaders).status == .notFound)
        }
    }

    @Test func aShortTokenIsRefusedAtStart() throws {
        let environment = ["HAVEN_METRICS_TOKEN": "too-short", "HAVEN_PUBLIC_URL": "http://127.0.0.1:8080"]
        #expect(throws: ConfigurationError.self) { try HavenConfig.fromEnvironment(environment) }
    }
}
