import HavenDomain
import Vapor

// R3.1–R3.3: what a DSL sends to decide, set an action or delegate, read once from the form's
// fields or the API's JSON (OpenAPI/cases.json) by the same names, then checked by the domain's
// rules. Everything is optional at decoding so that every missing answer is named at once.

/// A triage decision as sent.
struct TriageDecisionInput: Content {
    let outcome: String?
    let rationale: String?
    let threshold: String?
    let consulted: String?
    /// A calendar day, `2026-12-20`.
    let reviewDate: String?
    let adviceGivenBy: String?
    /// ISO 8601 with its offset, or a local time where the organisation is (`2026-11-23T15:04`,
    /// as a browser's date and time field sends it).
    let adviceGivenAt: String?
    let advice: String?
    /// R3.1: the child was not named when the advice was sought: a ticked box, or true.
    let adviceChildNotNamed: SentAnswer?
    let shareWithRecorder: String?

    func checked(_ req: Request) throws -> TriageInput {
        try TriageInput.validated(
            outcome: outcome, rationale: rationale, threshold: threshold, consulted: consulted,
            reviewDate: reviewDate, adviceGivenBy: adviceGivenBy, adviceGivenAt: adviceGivenAt, advice: advice,
            adviceChildNotNamed: adviceChildNotNamed?.text, shareWithRecorder: shareWithRecorder,
            now: req.haven.clock.now(), timeZone: req.timeZone)
    }
}

/// R3.3: an action as sent.
struct ActionInput: Content {
    let description: String?
    let owner: String?
    let dueOn: String?
}

/// R1.3: a delegation as sent.
struct DelegationInput: Content {
    let delegate: String?
    let note: String?
}
