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

// Logging is bootstrapped here, once per process, never inside the composition root. Never
// below debug, whatever LOG_LEVEL says: at trace the database drivers log the rows they read.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment) { requested in
    let level = max(requested, .debug)
    let console = Terminal()
    return { label in ConsoleLogger(label: label, console: console, level: level) }
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
