import Foundation
import Vapor

/// What the sessions API reads and answers (OpenAPI/access.json). The sign-in page's forms read
/// the same inputs, with `next`: the page a browser returns to afterwards (the API has no use
/// for it, and it is checked to be one of Haven's own before it is followed).
struct SessionInput: Content {
    let email: String?
    let password: String?
    let next: String?
}
struct CodeInput: Content {
    let code: String?
    let next: String?
}
struct SessionOutput: APIBody {
    let token: String
    let secondFactorEnrolled: Bool
    let secondFactorPassed: Bool
    let expiresAt: Date
}
