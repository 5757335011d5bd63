import HavenDomain
import Vapor

/// Forms posted with the session cookie must carry the session's CSRF token. Bearer-token API
/// calls are not sent by browsers on their own, so they need none.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method) else { return try await next.respond(to: request) }
        // The token is in the body, and a body larger than one read arrives as a stream: collect
        // all of it (within the route's limit) before looking, or a long account would be
        // refused as an expired form and lost.
        if request.body.data == nil {
            _ = try await request.body.collect(max: request.route?.bodyLimit ?? RouteAccess.bodyLimit.value).get()
        }
        if request.isAPI {
            // The API is for programs: a bearer token is never sent by a browser on its own, and a
            // JSON body cannot be posted cross-site without a preflight Haven never grants.
            // (R3.1: a route taking a document takes it as the body, declared as a PDF, PNG or
            // JPEG, none of which a page can post cross-site without a preflight either.)
            let hasBody = (request.body.data?.readableBytes ?? 0) > 0
            let type = request.headers.first(name: .contentType)
            let document =
                request.route?.takesDocument == true
                && type.flatMap { DocumentType(rawValue: FormsTakeNoFiles.essence($0)) } != nil
            guard !hasBody || Self.isJSON(type) || document else { throw WebError.jsonRequired }
            if request.headers.bearerAuthorization != nil || request.sessionCookie == nil {
                return try await next.respond(to: request)
            }
        }
        // Signed in: the session's token. Not signed in: the token of the session that has just
        // ended (a form kept for its author), or the sign-in pages' double-submitted cookie, which
        // an old session cookie still in the browser must not get in the way of.
        let expected =
            request.signedIn.map { [$0.session.csrfToken] }
            ?? [request.endedSession?.csrfToken, request.anonymousCSRFCookie].compactMap { $0 }
        // A form with a file (R3.1) is not parsed whole to find its token: the page puts the
        // token first, so only the start of the body is read for it.
        let submitted =
            request.headers.first(name: "X-CSRF-Token")
            ?? (request.route?.takesDocument == true
                ? Self.leadingPart(Self.field, of: request)
                : (try? request.content.get(String.self, at: Self.field)))
        if let refusal = Self.refusal(expected: expected, submitted: submitted) {
            // Logged so that a lost submission can be explained; the route's pattern, never its
            // path, query or body (which may carry case content).
            request.logger.warning(
                "form refused: CSRF token \(refusal)",
                metadata: [
                    "route": .string(
                        request.route.map { "\($0.method) /\($0.path.map(\.description).joined(separator: "/"))" }
                            ?? "none"),
                    "signedIn": .string(request.signedIn == nil ? "no" : "yes"),
                ])
            throw WebError.csrfRejected
        }
        return try await next.respond(to: request)
    }

    /// The value of the part named `name` when it comes first in a `multipart/form-data` body, read
    /// from the body's first few kilobytes only; nil otherwise.
    static func leadingPart(_ name: String, of request: Request) -> String? {
        guard let type = request.headers.contentType, type.type == "multipart",
            let boundary = type.parameters["boundary"], !boundary.isEmpty,
            let body = request.body.data
        else { return nil }
        let head = String(decoding: body.readableBytesView.prefix(4096), as: UTF8.self)
        let opening = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n"
        guard head.hasPrefix(opening) else { return nil }
        let rest = head.dropFirst(opening.count)
        guard let end = rest.range(of: "\r\n--\(boundary)") else { return nil }
        return String(rest[..<end.lowerBound])
    }

    /// Why a token was refused, in words for the log, or nil if it matches.
    static func refusal(expected: [String], submitted: String?) -> String? {
        let expected = expected.filter { !$0.isEmpty }
        // words: not shown (a log line)
        guard !expected.isEmpty else { return "expected none (no session and no sign-in cookie)" }
        // words: not shown (a log line)
        guard let submitted, !submitted.isEmpty else { return "missing from the form" }
        // words: not shown (a log line)
        return expected.contains { constantTimeEqual(submitted, $0) } ? nil : "does not match"
    }

    /// `application/json`, with or without parameters, in any case (read without parsing the
    /// whole media type, which Vapor does again when it decodes the body).
    static func isJSON(_ contentType: String?) -> Bool {
        contentType.map(FormsTakeNoFiles.essence) == "application/json"
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
