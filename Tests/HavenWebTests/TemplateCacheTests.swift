import HavenWeb
import LeafKit
import Testing
import Vapor

/// Pages are rendered from templates read once. Leaf's own view provider turns its cache off in
/// Vapor's development environment, which is the one `haven serve` runs in unless told otherwise;
/// then every page was read from disk and parsed again for every request.
@Suite("Templates are read once in every environment")
struct TemplateCacheTests {
    @Test(arguments: ["development", "production", "testing"])
    func theTemplateCacheStaysOn(_ name: String) async throws {
        let app = try await Application.make(Environment(name: name, arguments: ["haven"]))
        do {
            try HavenWeb.configure(app)
            let request = Request(application: app, on: app.eventLoopGroup.next())
            _ = request.view
            _ = app.view
            let cache = try #require(app.leaf.cache as? DefaultLeafCache)
            #expect(cache.isEnabled, "\(name)")
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
