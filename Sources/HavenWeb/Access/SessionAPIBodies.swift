import Foundation
import Vapor

/// What the sessions API reads and answers (OpenAPI/access.json).
struct SessionInput: Content {
    let email: String?
    let password: String?
}
struct CodeInput: Content { let code: String? }
struct SessionOutput: APIBody {
    let token: String
    let secondFactorEnrolled: Bool
    let secondFactorPassed: Bool
    let expiresAt: Date
}
