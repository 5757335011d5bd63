import HavenFeatures
import Vapor

/// R1.6: Haven's two cookies, named and flagged in one place. Both are HttpOnly. Served over
/// https they are `Secure` and carry the `__Host-` prefix, which browsers accept only from the
/// site itself, over https, for the whole site and without a Domain, so a neighbouring
/// subdomain cannot set or overwrite them. Over plain http (the local demo) they keep plain names.
enum HavenCookies {
    static func sessionName(secure: Bool) -> String { secure ? "__Host-haven_session" : "haven_session" }
    static func csrfName(secure: Bool) -> String { secure ? "__Host-haven_csrf" : "haven_csrf" }

    /// The session cookie: SameSite=Lax so that a link from an email opens signed in.
    static func session(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: Int(SignIn.sessionLifetime), path: "/", isSecure: secure,
            isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredSession(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure,
            isHTTPOnly: true, sameSite: .lax)
    }

    /// Before sign-in there is no session: forms double-submit this cookie's token instead.
    static func anonymousCSRF(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: 3600, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }
}

extension Request {
    private var secureCookies: Bool { application.webSettings.secureCookies }

    /// The session token the request's cookie carries, if any.
    var sessionCookie: String? { cookies[HavenCookies.sessionName(secure: secureCookies)]?.string }

    /// The anonymous CSRF token the request's cookie carries, if any.
    var anonymousCSRFCookie: String? { cookies[HavenCookies.csrfName(secure: secureCookies)]?.string }

    func setSessionCookie(_ token: String, on response: Response) {
        response.cookies[HavenCookies.sessionName(secure: secureCookies)] = HavenCookies.session(
            token, secure: secureCookies)
    }

    func clearSessionCookie(on response: Response) {
        response.cookies[HavenCookies.sessionName(secure: secureCookies)] = HavenCookies.expiredSession(
            secure: secureCookies)
    }

    func setAnonymousCSRFCookie(_ token: String, on response: Response) {
        response.cookies[HavenCookies.csrfName(secure: secureCookies)] = HavenCookies.anonymousCSRF(
            token, secure: secureCookies)
    }
}
