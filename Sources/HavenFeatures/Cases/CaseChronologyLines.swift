import Foundation
import HavenDomain

/// R3.2: decisions, delegations and actions on a child's concerns.
struct CaseChronologyLines: ChronologySource {
    let kinds: [ChronologyKind] = [.delegated, .triageDecision, .actionSet, .actionCompleted]

    func entries(for lines: [ChronologyLine], concerns: [ConcernID: Concern], in tx: any Reading) async throws
        -> [ChronologyEntry]
    {
        func ids(_ kinds: ChronologyKind...) -> [String] { lines.filter { kinds.contains($0.kind) }.map(\.recordID) }
        let decisions = Dictionary(
            try await tx.cases.decisions(ids: ids(.triageDecision).compactMap(TriageID.init(string:))).map {
                ($0.id.description, $0)
            }, uniquingKeysWith: { first, _ in first })
        let actions = Dictionary(
            try await tx.cases.actions(ids: ids(.actionSet, .actionCompleted).compactMap(CaseActionID.init(string:)))
                .map { ($0.id.description, $0) }, uniquingKeysWith: { first, _ in first })
        let delegations = try await tx.cases.delegations(ids: ids(.delegated))
        let names = try await PersonNames.of(
            decisions.values.map(\.decidedBy) + delegations.values.flatMap { [$0.delegate, $0.delegatedBy] }
                + actions.values.flatMap { [$0.owner, $0.createdBy] + ($0.completedBy.map { [$0] } ?? []) }, in: tx)
        return lines.compactMap { line in
            switch line.kind {
            case .triageDecision:
                guard let decision = decisions[line.recordID] else { return nil }
                return entry(
                    line, concerns,
                    summary: Words(
                        "cases.chronology.decision",
                        ["outcome": .words(decision.outcome.title), "threshold": .words(decision.threshold.title)]),
                    detail: decision.advice.map { advice in
                        Words(
                            advice.childNamed
                                ? "cases.chronology.decisionDetailWithAdvice"
                                : "cases.chronology.decisionDetailWithNoNamesAdvice",
                            [
                                "rationale": .text(decision.rationale), "consulted": .text(decision.consulted),
                                "advice": .text(advice.advice), "givenBy": .text(advice.givenBy),
                                "givenAt": .moment(advice.givenAt),
                            ])
                    }
                        ?? Words(
                            "cases.chronology.decisionDetail",
                            ["rationale": .text(decision.rationale), "consulted": .text(decision.consulted)]),
                    by: names[decision.decidedBy])
            case .delegated:
                guard let delegation = delegations[line.recordID] else { return nil }
                return entry(
                    line, concerns,
                    summary: Words("cases.chronology.delegated", ["delegate": .words(names[delegation.delegate])]),
                    detail: delegation.note.map(Words.verbatim), by: names[delegation.delegatedBy])
            case .actionSet:
                guard let action = actions[line.recordID] else { return nil }
                return entry(
                    line, concerns, summary: .verbatim(action.description),
                    detail: Words(
                        "cases.chronology.actionDetail",
                        ["owner": .words(names[action.owner]), "due": .day(action.dueOn)]),
                    by: names[action.createdBy])
            case .actionCompleted:
                guard let action = actions[line.recordID] else { return nil }
                // Who marked it done; its owner for actions completed before that was recorded.
                return entry(
                    line, concerns, summary: .verbatim(action.description), detail: nil,
                    by: names[action.completedBy ?? action.owner])
            default:
                return nil
            }
        }
    }
}
