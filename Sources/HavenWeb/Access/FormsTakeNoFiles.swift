import Vapor

/// R2.11: Haven's forms send words, never files. A browser sends a file only in a
/// `multipart/form-data` body, and no Haven form asks for one, so such a body is refused before
/// any of it is read: no picture of a child can reach Haven through a form, by any route.
struct FormsTakeNoFiles: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let type = request.headers.contentType, type.type.lowercased() == "multipart" {
            throw WebError.filesRefused
        }
        return try await next.respond(to: request)
    }
}
