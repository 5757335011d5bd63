import Foundation
import HavenDomain

/// How a triage decision is kept (`triage_decisions.body`), version 1: the JSON written since
/// decisions were first kept. The review date is midnight UTC, as it always was.
struct TriageDecisionBodyV1: Codable {
    struct AdviceV1: Codable {
        let givenBy: String
        let givenAt: Date
        let advice: String
        /// R3.1: kept only when the child was not named (a no-names consultation).
        let childNotNamed: Bool?
    }

    let id: TriageID
    let concernID: ConcernID
    let decidedBy: PersonID
    let decidedAt: Date
    let outcome: TriageOutcome
    let rationale: String
    let threshold: ThresholdLevel
    let consulted: String
    let reviewDate: Date?
    let advice: AdviceV1?
    let outcomeSharedWithRecorder: String?

    init(_ decision: TriageDecision) {
        id = decision.id
        concernID = decision.concernID
        decidedBy = decision.decidedBy
        decidedAt = decision.decidedAt
        outcome = decision.outcome
        rationale = decision.rationale
        threshold = decision.threshold
        consulted = decision.consulted
        reviewDate = decision.reviewDate?.midnightUTC
        advice = decision.advice.map {
            AdviceV1(
                givenBy: $0.givenBy, givenAt: $0.givenAt, advice: $0.advice, childNotNamed: $0.childNamed ? nil : true)
        }
        outcomeSharedWithRecorder = decision.outcomeSharedWithRecorder
    }

    var decision: TriageDecision {
        TriageDecision(
            id: id, concernID: concernID, decidedBy: decidedBy, decidedAt: decidedAt, outcome: outcome,
            rationale: rationale, threshold: threshold, consulted: consulted,
            reviewDate: reviewDate.map(Day.init(utc:)),
            advice: advice.map {
                AdviceRecord(
                    givenBy: $0.givenBy, givenAt: $0.givenAt, advice: $0.advice, childNamed: $0.childNotNamed != true)
            },
            outcomeSharedWithRecorder: outcomeSharedWithRecorder)
    }

    static func encode(_ decision: TriageDecision) throws -> String {
        try JSONColumn.encode(TriageDecisionBodyV1(decision))
    }
    static func decode(_ text: String) throws -> TriageDecision {
        try JSONColumn.decode(TriageDecisionBodyV1.self, text).decision
    }
}
