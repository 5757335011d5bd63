import HavenApp
import Logging
import Metrics
import NIOCore
import NIOPosix
import Prometheus
import Vapor

// Swift concurrency runs on NIO's event loops, so a request's work does not hop between
// thread pools on its way through (measured: see README, "Write path").
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// Logging is bootstrapped here, once per process, never inside the composition root. Every
// handler drops what the libraries log of bytes, rows and bound values (`SafeLogHandler`), so
// LOG_LEVEL=trace is safe to ask for.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment) { level in
    let console = Terminal()
    return { label in SafeLogHandler(ConsoleLogger(label: label, console: console, level: level)) }
}
// Metrics, likewise once per process, into the registry /metrics shows.
MetricsSystem.bootstrap(PrometheusMetricsFactory())
let app = try await Application.make(environment)
do {
    try await Haven.configure(app, config: try HavenConfig.fromEnvironment())
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
