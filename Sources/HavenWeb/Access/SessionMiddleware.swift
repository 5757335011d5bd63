import HavenDomain
import HavenFeatures
import Vapor

/// R1.6: finds the session from the `haven_session` cookie (pages) or a bearer token (API).
/// R1.6: the session cookie's flags, in one place.
public enum SessionCookie {
    public static func make(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, expires: nil, maxAge: Int(SignIn.sessionLifetime), path: "/", isSecure: secure,
                          isHTTPOnly: true, sameSite: .lax)
    }
}

struct SessionMiddleware: AsyncMiddleware {
    static let cookieName = "haven_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.headers.bearerAuthorization?.token ?? request.cookies[Self.cookieName]?.string, !token.isEmpty,
           let signedIn = try await ResolveSession(request.haven)(token: token) {
            request.signedIn = signedIn
            request.logger[metadataKey: "person"] = .string(signedIn.person.id.description)
        }
        return try await next.respond(to: request)
    }

    /// The session cookie: HttpOnly, SameSite=Lax, Secure unless Haven runs on plain http.
    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value { SessionCookie.make(token, secure: secure) }

    static func expired(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure,
                          isHTTPOnly: true, sameSite: .lax)
    }
}
