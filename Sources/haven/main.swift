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
// A LOG_LEVEL that is not a level would otherwise be taken, silently, as the default: someone
// who asked for `debug` to find a fault would be left wondering why nothing more is logged.
if let asked = ProcessInfo.processInfo.environment["LOG_LEVEL"], !asked.isEmpty, Logger.Level(asked) == nil {
    FileHandle.standardError.write(
        Data(
            ("LOG_LEVEL \(String(reflecting: asked)) is not a log level: use trace, debug, info, notice, warning, "
                + "error or critical\n").utf8))
    exit(1)
}
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
    // Vapor's `execute()` without its own report of a failure: it is said once, below.
    try await app.startup()
    try await app.running?.onStop.get()
} catch {
    app.logger.error(
        "\(CommandFailure.describe(error, language: ProcessInfo.processInfo.environment["HAVEN_LANGUAGE"]))")
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
