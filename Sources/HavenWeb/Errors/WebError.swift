import HavenDomain

/// Errors raised by the web layer itself (not by a use case).
enum WebError: Error {
    case csrfRejected
    case jsonRequired
    case routeWithoutRule
    case badRequest(field: String, message: Words)
}
