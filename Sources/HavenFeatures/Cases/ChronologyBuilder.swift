import Foundation
import HavenDomain

/// R3.2: turns concerns, addenda, decisions and actions into chronology lines.
struct ChronologyBuilder {
    let people: [PersonID: String]

    func entries(concerns: [Concern], addenda: [Addendum], decisions: [TriageDecision], actions: [CaseAction],
                 delegations: [CaseDelegation] = []) -> [ChronologyEntry] {
        let byID = Dictionary(concerns.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: PersonID) -> String { people[id] ?? "Unknown" }
        var entries: [ChronologyEntry] = concerns.map { concern in
            ChronologyEntry(at: concern.recordedAt, kind: .concernRecorded, concernID: concern.id, concernReference: concern.reference,
                            summary: concern.content.categories.map(\.title).joined(separator: ", ").nonEmpty ?? "Concern recorded",
                            detail: concern.content.account, by: name(concern.recordedBy), categories: concern.content.categories)
        }
        for addendum in addenda {
            guard let concern = byID[addendum.concernID] else { continue }
            entries.append(.init(at: addendum.addedAt, kind: .addendum, concernID: concern.id, concernReference: concern.reference,
                                 summary: addendum.reason.title, detail: addendum.text, by: name(addendum.author),
                                 categories: concern.content.categories))
        }
        for decision in decisions {
            guard let concern = byID[decision.concernID] else { continue }
            entries.append(.init(at: decision.decidedAt, kind: .triageDecision, concernID: concern.id, concernReference: concern.reference,
                                 summary: "\(decision.outcome.title) — \(decision.threshold.title)",
                                 detail: "\(decision.rationale)\nConsulted: \(decision.consulted)", by: name(decision.decidedBy),
                                 categories: concern.content.categories))
        }
        for delegation in delegations {
            guard let concern = byID[delegation.concernID] else { continue }
            entries.append(.init(at: delegation.delegatedAt, kind: .delegated, concernID: concern.id, concernReference: concern.reference,
                                 summary: "Handling delegated to \(name(delegation.delegate))", detail: delegation.note,
                                 by: name(delegation.delegatedBy), categories: concern.content.categories))
        }
        for action in actions {
            guard let concern = byID[action.concernID] else { continue }
            let due = ISO8601DateFormatter.string(from: action.dueOn, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
            entries.append(.init(at: action.createdAt, kind: .actionSet, concernID: concern.id, concernReference: concern.reference,
                                 summary: action.description, detail: "Owner: \(name(action.owner)); due \(due)",
                                 by: name(action.createdBy), categories: concern.content.categories))
            if let done = action.completedAt {
                entries.append(.init(at: done, kind: .actionCompleted, concernID: concern.id, concernReference: concern.reference,
                                     summary: action.description, detail: nil, by: name(action.owner), categories: concern.content.categories))
            }
        }
        return entries
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
