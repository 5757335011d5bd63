import HavenDomain

/// Errors raised by the web layer itself (not by a use case).
enum WebError: Error {
    case csrfRejected
    case jsonRequired
    /// R2.11: a form sent with files, which no Haven form takes.
    case filesRefused
    /// A body sent as something other than a form or JSON.
    case formNotRead
    case routeWithoutRule
    case badRequest(field: String, message: Words)
}
