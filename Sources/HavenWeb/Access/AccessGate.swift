import HavenDomain
import HavenFeatures
import Vapor

/// R7.1: applies the route's rule before the handler runs.
struct AccessGate: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let access = request.route?.access else { throw WebError.routeWithoutRule }
        switch access {
        case .open:
            break
        case .signedIn:
            _ = try request.requireSignedIn()
        case .perRecord:
            // The use case checks the record itself; an organisation-wide second factor applies first.
            let signedIn = try request.requireSignedIn()
            if signedIn.secondFactorRequiredForEveryone && !signedIn.actor.secondFactorPassed {
                throw AccessError.secondFactorRequired
            }
        case .permission(let permission):
            try request.requireSignedIn().require(permission)
        }
        return try await next.respond(to: request)
    }
}
