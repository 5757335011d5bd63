import Foundation
import HavenFeatures
import Vapor

/// Issue 13.4: how /readyz is answered: the check to run, and the token that lets a monitor
/// beyond this machine see each dependency (the metrics token). Set by the application.
public struct ReadinessProbe: Sendable {
    public let token: String?
    public let check: @Sendable (Request) async -> Readiness

    public init(token: String?, check: @escaping @Sendable (Request) async -> Readiness) {
        self.token = token
        self.check = check
    }
}

struct ReadinessProbeKey: StorageKey { typealias Value = ReadinessProbe }

extension Application {
    public var readinessProbe: ReadinessProbe? {
        get { storage[ReadinessProbeKey.self] }
        set { storage[ReadinessProbeKey.self] = newValue }
    }
}

/// Issue 13.4: /healthz says the process is serving; /readyz says whether it should be sent
/// requests: 200 when ready, 503 when a dependency that matters is failing. Anyone may ask, and
/// is told "ready" or "not ready" and nothing more; this machine (not through a proxy) or a
/// monitor with the metrics token is shown each dependency, as JSON.
struct ReadinessRoute: Sendable {
    struct Answer: Content {
        struct Check: Content {
            let dependency: String
            let state: String
            let matters: Bool
            let detail: String
        }
        let ready: Bool
        let summary: String
        let checks: [Check]
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "readyz", access: .open, sessionless: true) { req async throws -> Response in
            guard let probe = req.application.readinessProbe else { throw Abort(.notFound) }
            let readiness = await probe.check(req)
            let status: HTTPResponseStatus = readiness.isReady ? .ok : .serviceUnavailable
            let response: Response
            if MetricsRoute.mayScrape(req, token: probe.token) {
                let answer = Answer(
                    ready: readiness.isReady, summary: readiness.summary,
                    checks: readiness.checks.map {
                        Answer.Check(
                            dependency: $0.dependency.rawValue, state: $0.state.rawValue, matters: $0.matters,
                            detail: $0.detail)
                    })
                response = try await answer.encodeResponse(status: status, for: req)
            } else {

                let line = readiness.isReady ? "ready\n" : "not ready\n"
                response = Response(status: status, body: .init(string: line))
                response.headers.contentType = .plainText
            }
            response.headers.cacheControl = .init(noStore: true)
            return response
        }
    }
}
