import Foundation
import HavenApp
import Logging
import Metrics
import Prometheus

/// Every log line written anywhere in the test process, at every level, so that tests can
/// prove no personal data reaches the logs.
public final class LogCapture: @unchecked Sendable {
    public static let shared = LogCapture()
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    public var all: [String] { lock.withLock { lines } }

    public func contains(_ needle: String) -> Bool {
        lock.withLock { lines.contains { $0.localizedCaseInsensitiveContains(needle) } }
    }

    /// Installs the capturing handler for the whole process, once, behind the filter `haven`
    /// uses (and metrics, as `haven` does).
    public static let bootstrap: Void = {
        LoggingSystem.bootstrap { label in SafeLogHandler(CapturingHandler(label: label)) }
        MetricsSystem.bootstrap(PrometheusMetricsFactory())
    }()
}

struct CapturingHandler: LogHandler {
    let label: String
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        for (key, value) in event.metadata ?? [:] { merged[key] = value }
        LogCapture.shared.append(
            "\(event.level) \(label) \(event.message) \(merged) \(event.source) \(event.error.map { String(describing: $0) } ?? "")"
        )
    }
}
