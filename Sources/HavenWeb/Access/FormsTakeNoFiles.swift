import HavenDomain
import HavenFeatures
import Vapor

/// R2.11: Haven's forms send words, never files. A browser sends a file only in a
/// `multipart/form-data` body, and no Haven form asks for one; a program sends JSON. So a body
/// is read only as a form (`application/x-www-form-urlencoded`) or as JSON: anything else is
/// refused before any of it is read, named as the type it claims (`*/x` too, which Vapor would
/// otherwise match to any reader it has, the multipart one among them). No picture of a child
/// can reach Haven through a form, by any route. The one exception is a route registered as
/// taking a document (R3.1: a copy of a referral form), which takes `multipart/form-data` from a
/// page, or the document itself as the body from the API, and then keeps only a PDF, PNG or JPEG
/// told by its first bytes (`ReferralCopy`).
struct FormsTakeNoFiles: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A route taking a document reads megabytes: only from someone signed in with the second
        // factor (as anyone who may keep a copy is), whatever the body claims to be; nobody
        // else's megabytes are read, or parsed.
        if request.route?.takesDocument == true, ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            guard let signedIn = request.signedIn else { throw AccessError.notSignedIn }
            guard signedIn.actor.secondFactorPassed else { throw AccessError.secondFactorRequired }
        }
        if let declared = request.headers.first(name: .contentType) {
            let type = Self.essence(declared)
            if type == "multipart/form-data", request.route?.takesDocument == true, !request.isAPI {
                return try await next.respond(to: request)
            }
            // R3.1 over the API: the document is the body itself, declared as what it is.
            if request.isAPI, request.route?.takesDocument == true, DocumentType(rawValue: type) != nil {
                return try await next.respond(to: request)
            }
            if type.hasPrefix("multipart/") { throw WebError.filesRefused }
            guard ["application/x-www-form-urlencoded", "application/json"].contains(type) else {
                throw WebError.formNotRead
            }
        }
        return try await next.respond(to: request)
    }

    /// A media type without its parameters, in small letters (`application/json`), read without
    /// parsing the whole header, which Vapor does again when it decodes the body.
    static func essence(_ contentType: String) -> String {
        trimmed(contentType.prefix { $0 != ";" }.lowercased())
    }
}
