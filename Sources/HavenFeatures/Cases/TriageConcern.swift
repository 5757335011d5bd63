import Foundation
import HavenDomain

/// R3.1, R3.3: records the DSL's decision with its rationale. Keeping a concern under review
/// sets a review action for the decider on the review date, so the decision is followed through.
public struct TriageConcern: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ id: ConcernID, _ input: TriageInput, by actor: Actor) async throws -> TriageDecision {
        let decisionID = TriageID(env.ids.uuid())
        let reviewID = CaseActionID(env.ids.uuid())
        let now = env.clock.now()
        let concern = try await env.authorise(.concern(id, .triageDecided, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            try actor.requireForRecord(
                .handleConcern(
                    delegatedTo: try await tx.cases.activeHandler(id, concerns: tx.concerns, people: tx.people, at: now)
                ))
            return concern
        }
        return try await env.write { tx in
            let decision = TriageDecision(
                id: decisionID, concernID: id, decidedBy: actor.person, decidedAt: now, input: input)
            // Issue 12.7: a new decision is the review the last one set: its review action is done.
            if let previous = try await tx.cases.reviewAction(of: id),
                let action = try await tx.cases.action(previous), action.completedAt == nil
            {
                try await tx.cases.completeAction(previous, at: now, by: actor.person)
                try await tx.addToChronology(
                    ChronologyLine(at: now, kind: .actionCompleted, recordID: previous.description, concernID: id))
                try await tx.audit(.concern(id, .actionCompleted, by: actor.person))
            }
            try await tx.cases.insertDecision(decision)
            try await tx.addToChronology(
                ChronologyLine(at: now, kind: .triageDecision, recordID: decisionID.description, concernID: id))
            try await tx.audit(.concern(id, .triageDecided, by: actor.person))
            if let review = input.reviewDate {
                try await tx.cases.insertAction(
                    CaseAction(
                        id: reviewID, concernID: id, childID: concern.childID,
                        description: env.text(Words("cases.reviewAction", ["outcome": .words(input.outcome.title)])),
                        owner: actor.person, dueOn: review, createdBy: actor.person, createdAt: now))
                try await tx.cases.linkReview(of: id, to: reviewID)
                try await tx.addToChronology(
                    ChronologyLine(at: now, kind: .actionSet, recordID: reviewID.description, concernID: id))
                try await tx.audit(.concern(id, .actionSet, by: actor.person))
            }
            return decision
        }
    }
}
