import HavenApp
import Logging
import Vapor

// Logging is bootstrapped here, once per process, never inside the composition root.
var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
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
