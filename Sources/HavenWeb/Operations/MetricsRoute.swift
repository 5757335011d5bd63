import Foundation
import Vapor

/// N4: how /metrics is answered: the text to serve, and the token a scraper beyond this machine
/// must send. Set by the application; without it /metrics is not there.
public struct MetricsExposition: Sendable {
    public let token: String?
    public let render: @Sendable (Request) async throws -> String

    public init(token: String?, render: @escaping @Sendable (Request) async throws -> String) {
        self.token = token
        self.render = render
    }
}

struct MetricsExpositionKey: StorageKey { typealias Value = MetricsExposition }

extension Application {
    public var metricsExposition: MetricsExposition? {
        get { storage[MetricsExpositionKey.self] }
        set { storage[MetricsExpositionKey.self] = newValue }
    }
}

/// N4: /metrics in the Prometheus text format. Answered to this machine (a connection from
/// loopback that no proxy forwarded, and not from a proxy listed in HAVEN_TRUSTED_PROXIES), or
/// to anyone sending the configured token; to everyone else it is not there.
struct MetricsRoute: Sendable {
    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "metrics", access: .open, sessionless: true) { req async throws -> Response in
            guard let exposition = req.application.metricsExposition, Self.mayScrape(req, token: exposition.token)
            else {
                throw Abort(.notFound)
            }
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(
                type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
            headers.cacheControl = .init(noStore: true)
            return Response(status: .ok, headers: headers, body: .init(string: try await exposition.render(req)))
        }
    }

    static func mayScrape(_ req: Request, token: String?) -> Bool {
        if let token, let sent = req.headers.bearerAuthorization?.token { return sameSecret(sent, token) }
        // words: not shown (a header name)
        let forwarded = req.headers.contains(name: "X-Forwarded-For") || req.headers.contains(name: "Forwarded")
        guard !forwarded, let peer = req.remoteAddress?.ipAddress else { return false }
        // A reverse proxy on this machine that adds no forwarding header would otherwise pass its
        // whole audience off as this machine: one Haven is told of is never taken for it.
        if req.haven.trustedProxies.contains(peer) { return false }
        return peer == "::1" || peer.hasPrefix("127.") || peer == "::ffff:127.0.0.1"
    }

    /// Compares in time that does not depend on where the two differ.
    static func sameSecret(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
