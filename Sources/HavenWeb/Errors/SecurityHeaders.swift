import Vapor

/// R1.6: security headers on every response. The CSP forbids inline script; pages that can show
/// case content are never stored by the browser or a proxy.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var response = try await next.respond(to: request)
        // The last resort against header injection (ARCHITECTURE rule 10): nothing from a request
        // should reach a header unchecked, but if a value carrying a line break or NUL ever gets
        // here, the answer is replaced rather than sent, since NIO would write it as it is.
        if let name = Self.unsafeHeader(response.headers) {
            request.logger.error("refused to send a header carrying a control character", metadata: ["header": .string(name)])
            response = Response(status: .internalServerError, headers: ["Content-Type": "text/plain; charset=utf-8"],
                                body: .init(string: "Something went wrong on our side. Please go back and try again.\n"))
        }
        let headers = [
            ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Static files are served without a route; everything routed may carry case content.
        let isStatic = request.route == nil && { let path = request.url.path; return path.hasPrefix("/css/") || path.hasPrefix("/js/") }()
        if !isStatic { response.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
        return response
    }

    /// The name of the first header whose value carries CR, LF or NUL, if any.
    static func unsafeHeader(_ headers: HTTPHeaders) -> String? {
        headers.first { _, value in value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 } }?.name
    }
}
