import Foundation
import Vapor

/// What the cases API reads (OpenAPI/cases.json).
struct TriageInputBody: Content {
    let outcome: String?
    let rationale: String?
    let threshold: String?
    let consulted: String?
    let reviewDate: String?
    let adviceGivenBy: String?
    let adviceGivenAt: Date?
    let advice: String?
    let shareWithRecorder: String?
}

struct ActionInput: Content {
    let description: String?
    let owner: String?
    let dueOn: String?
}
struct DelegationInput: Content {
    let delegate: String?
    let note: String?
}
