import Foundation
import HavenFeatures
import HavenWeb
import Metrics
import Prometheus
import Vapor

/// N4: what /metrics shows. Requests and their latency by route pattern (never a path with an
/// id in it) come from Vapor; the writer reports its batches and commit times; the outbox and the
/// audit chain are read when scraped. Metrics are bootstrapped once per process, in `haven`'s
/// main (and once by the tests), into Prometheus's default registry.
enum HavenMetrics {
    static func exposition(token: String?) -> MetricsExposition {
        MetricsExposition(token: token) { req in
            // The database's figures when it answers; the rest (requests, the writer) regardless.
            guard let status = try? await ReadOperationsStatus(req.application.haven)() else {
                return PrometheusMetricsFactory.defaultRegistry.emitToString()
            }
            Gauge(label: "haven_outbox_backlog").record(status.outboxBacklog)
            Gauge(label: "haven_outbox_failing").record(status.outboxFailing)
            // 1 the chain verified, 0 it did not, -1 it has not been checked yet.
            let verified = status.lastVerification.map { $0.fault == nil ? 1 : 0 } ?? -1
            Gauge(label: "haven_audit_chain_verified").record(verified)
            if let last = status.lastVerification {
                Gauge(label: "haven_audit_last_verified_seconds").record(last.at.timeIntervalSince1970)
            }
            return PrometheusMetricsFactory.defaultRegistry.emitToString()
        }
    }
}
