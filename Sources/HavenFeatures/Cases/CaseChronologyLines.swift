import Foundation
import HavenDomain

/// R3.2: decisions, delegations and actions on a child's concerns.
struct CaseChronologyLines: ChronologySource {
    func entries(about concerns: [Concern], names: PersonNames, in tx: any Reading) async throws -> [ChronologyEntry] {
        let byID = Dictionary(concerns.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = concerns.map(\.id)
        func line(
            _ concern: Concern, _ at: Date, _ kind: ChronologyKind, _ summary: String, _ detail: String?, _ by: PersonID
        ) -> ChronologyEntry {
            ChronologyEntry(
                at: at, kind: kind, concernID: concern.id, concernReference: concern.reference, summary: summary,
                detail: detail, by: names[by], categories: concern.content.categories)
        }
        var entries: [ChronologyEntry] = []
        for decision in try await tx.cases.decisions(concerns: ids) {
            guard let concern = byID[decision.concernID] else { continue }
            entries.append(
                line(
                    concern, decision.decidedAt, .triageDecision,
                    "\(decision.outcome.title) — \(decision.threshold.title)",
                    "\(decision.rationale)\nConsulted: \(decision.consulted)", decision.decidedBy))
        }
        for concern in concerns {
            for delegation in try await tx.cases.delegations(concern.id) {
                entries.append(
                    line(
                        concern, delegation.delegatedAt, .delegated,
                        "Handling delegated to \(names[delegation.delegate])",
                        delegation.note, delegation.delegatedBy))
            }
        }
        for action in try await tx.cases.actions(concerns: ids) {
            guard let concern = byID[action.concernID] else { continue }
            let due = ISO8601DateFormatter.string(
                from: action.dueOn, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
            entries.append(
                line(
                    concern, action.createdAt, .actionSet, action.description,
                    "Owner: \(names[action.owner]); due \(due)", action.createdBy))
            if let done = action.completedAt {
                // Who marked it done; its owner for actions completed before that was recorded.
                entries.append(
                    line(concern, done, .actionCompleted, action.description, nil, action.completedBy ?? action.owner))
            }
        }
        return entries
    }
}
