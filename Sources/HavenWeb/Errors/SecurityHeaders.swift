import Vapor

/// R1.6: security headers on every response. The CSP forbids inline script; pages that can show
/// case content are never stored by the browser or a proxy.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
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
}
