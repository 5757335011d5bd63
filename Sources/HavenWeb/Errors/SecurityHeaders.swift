import Vapor

/// R1.6: security headers on every response. The CSP forbids inline script; pages that can show
/// case content are never stored by the browser or a proxy.
struct SecurityHeaders: AsyncMiddleware {
    /// Whether the warning about https arriving at a Haven configured for http has been logged.
    let forwardedHTTPSWarning = OnceFlag()

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let secure = request.application.webSettings.secureCookies
        if !secure, request.headers.first(name: "X-Forwarded-Proto")?.lowercased().contains("https") == true,
            forwardedHTTPSWarning.setFirstTime()
        {
            // Behind an https proxy with an http public URL, cookies go without Secure or __Host-
            // and no HSTS is sent: say so loudly, once.
            request.logger.critical(
                "requests arrive forwarded as https but HAVEN_PUBLIC_URL is http: cookies are not marked Secure and no HSTS is sent. Set HAVEN_PUBLIC_URL to the https address people use."
            )
        }
        var response = try await next.respond(to: request)
        // The last resort against header injection (ARCHITECTURE rule 10): nothing from a request
        // should reach a header unchecked, but if a value carrying a line break or NUL ever gets
        // here, the answer is replaced rather than sent, since NIO would write it as it is.
        if let name = Self.unsafeHeader(response.headers) {
            request.logger.error(
                "refused to send a header carrying a control character", metadata: ["header": .string(name)])
            response = Response(
                status: .internalServerError, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: .init(string: request.text("error.pageFailed") + "\n"))
        }
        let headers = [
            (
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
            ),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "no-referrer"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        // A download (R3.1) sets a stricter policy of its own, a sandbox in which nothing runs: kept.
        let sandboxed = response.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox;") == true
        for (name, value) in headers where !(sandboxed && name == "Content-Security-Policy") {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        // R1.6: served over https, browsers are told to use nothing else for a year.
        if secure {
            response.headers.replaceOrAdd(
                name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        // Static files are served without a route; everything routed may carry case content.
        let isStatic =
            request.route == nil
            && {
                let path = request.url.path
                return path.hasPrefix("/css/") || path.hasPrefix("/js/")
            }()
        if !isStatic {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            // N6: the words depend on the browser's language.
            response.headers.replaceOrAdd(name: .vary, value: "Accept-Language")
        }
        return response
    }

    /// The name of the first header whose value carries CR, LF or NUL, if any.
    static func unsafeHeader(_ headers: HTTPHeaders) -> String? {
        headers.first { _, value in value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 } }?.name
    }
}

/// True the first time it is asked, false after: for something to do once per process.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func setFirstTime() -> Bool {
        lock.withLock {
            defer { done = true }
            return !done
        }
    }
}
