import HavenDomain
import HavenFeatures
import Vapor

/// R1.6: finds the session from the session cookie (pages) or a bearer token (API).
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.route?.sessionless == true { return try await next.respond(to: request) }
        if let token = request.headers.bearerAuthorization?.token ?? request.sessionCookie, !token.isEmpty {
            if let signedIn = try await ResolveSession(request.haven)(token: token) {
                request.signedIn = signedIn
                request.logger[metadataKey: "person"] = .string(signedIn.person.id.description)
            } else if request.method == .POST, !request.isAPI, let access = request.route?.access, !access.isOpen {
                // R1.6: a form sent just after its session ended is kept for its author (KeepEndedForms).
                request.endedSession = try await ResolveSession(request.haven).ended(token: token)
            }
        }
        return try await next.respond(to: request)
    }
}
