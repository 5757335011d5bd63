import Foundation
import HavenDomain
import HavenFeatures
import Leaf
import LeafKit
import Vapor

/// Wires the web layer into an application: Leaf views and static files from this module's
/// resources (so Haven serves its pages from any working directory), middleware, and routes.
public enum HavenWeb {
    public static func configure(_ app: Application) throws {
        guard let views = Bundle.module.resourceURL?.appendingPathComponent("Views").path,
            let publicFiles = Bundle.module.resourceURL?.appendingPathComponent("Public").path
        else {
            throw Abort(.internalServerError, reason: "Haven's web resources are missing")
        }
        // Templates are read and parsed once, then served from memory, in every environment. Leaf's
        // own provider turns its cache off in Vapor's default (development) environment, the one
        // `haven serve` runs in, so every page was read from disk and parsed again: a quarter of
        // the children list's time. Haven's templates are built into it and never change while it
        // runs.
        app.views.use { app in
            var userInfo = app.leaf.userInfo
            userInfo["application"] = app
            return LeafRenderer(
                configuration: app.leaf.configuration, tags: app.leaf.tags, cache: app.leaf.cache,
                sources: app.leaf.sources, eventLoop: app.eventLoopGroup.next(), userInfo: userInfo)
        }
        app.leaf.tags["nonempty"] = NonEmptyTag()
        app.leaf.tags["t"] = WordsTag()
        AnswerTags.register(&app.leaf.tags)
        app.leaf.configuration = LeafConfiguration(rootDirectory: views)
        app.leaf.sources = .singleSource(
            NIOLeafFiles(
                fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: views,
                viewDirectory: views))
        // JSON is Vapor's own: ISO 8601 dates both ways. Nothing process-wide is changed here, so
        // several applications in one process (the tests) cannot disturb one another.

        // Haven's forms and API take plain bodies; a compressed one is refused rather than
        // inflated (one fewer step for every request, and no decompression bombs).
        app.http.server.configuration.requestDecompression = .disabled
        app.middleware = Middlewares()
        // Security headers outermost, so error answers carry them too.
        app.middleware.use(
            MiddlewareChain(SecurityHeaders(), ErrorResponder(), StaticFiles(publicDirectory: publicFiles)))

        let routes = app.grouped(
            MiddlewareChain(SessionMiddleware(), FormsTakeNoFiles(), CSRFMiddleware(), KeepEndedForms(), AccessGate()))
        for module in WebModules.all { module.routes(routes) }
        guard let openAPI = Bundle.module.resourceURL?.appendingPathComponent("OpenAPI") else {
            throw Abort(.internalServerError, reason: "Haven's OpenAPI parts are missing")
        }
        OpenAPIRoute(document: try OpenAPIDocument.load(from: openAPI)).register(routes)
    }

    /// The page templates (Leaf), for the test that finds words written into them.
    public static var viewsDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Views")
    }

    /// Routes that are pages for people, not API operations (the OpenAPI test lists the rest).
    public static func isAPIRoute(_ route: Route) -> Bool {
        route.path.first?.description == "api"
    }
}
