import HavenDomain
import HavenFeatures
import Vapor

/// R1.6: a form sent after its session ended (idle too long, or past its absolute end) is kept,
/// sealed for the person whose session it was, instead of being refused and lost: a long account
/// typed over an hour is still there when they sign in again. The form's CSRF token was checked
/// against the ended session first, so only Haven's own pages can leave a form here.
struct KeepEndedForms: AsyncMiddleware {
    static let keptField = "_kept"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A kept form sent again: once it has gone through, the kept copy is not needed.
        // (Looked for only in form posts that carry the field: the API's JSON is never parsed here.)
        if let signedIn = request.signedIn, request.method == .POST, !request.isAPI,
            request.headers.contentType == .urlEncodedForm,
            request.body.string.map({ $0.hasPrefix("\(Self.keptField)=") || $0.contains("&\(Self.keptField)=") })
                == true,
            let kept = try? request.content.get(String.self, at: Self.keptField), let id = UUID(uuidString: kept)
        {
            let response = try await next.respond(to: request)
            if response.status.code < 400 {
                try await KeptForms(request.haven, sealer: request.application.formSealer).discard(
                    id, by: signedIn.actor)
            }
            return response
        }
        guard request.signedIn == nil, let session = request.endedSession, let route = request.route,
            !(route.access?.isOpen ?? false),
            !Self.holdsSecrets(route), request.headers.contentType == .urlEncodedForm,
            let path = LocalPath(request.url.path, routes: request.application.routes, method: .POST)
        else {
            return try await next.respond(to: request)
        }
        let body = request.body.string ?? ""
        let fields = FormFields.parse(body).filter { $0.name != CSRFMiddleware.field && $0.name != Self.keptField }
        try await KeptForms(request.haven, sealer: request.application.formSealer).keep(
            fields, path: path.description, session: session)
        request.logger.info(
            "form kept after its session ended",
            metadata: ["route": .string(route.path.map(\.description).joined(separator: "/"))])
        return request.redirect(to: "/sign-in?kept=1")
    }

    /// Forms about one's own account and sign-in (passwords, codes) are never kept.
    static func holdsSecrets(_ route: Route) -> Bool {
        [.constant("account"), .constant("sign-in")].contains(route.path.first ?? .constant(""))
    }
}
