import Foundation
import HavenDomain

/// R1.3: the DSL delegates handling of a concern to a line manager, recorded with a note.
public struct DelegateCase: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ id: ConcernID, to delegate: String?, note: String?, by actor: Actor) async throws
        -> CaseDelegation
    {
        try actor.require(.delegateCase)
        guard let delegateID = delegate.flatMap(PersonID.init(string:)) else {
            throw InvalidInput(field: "delegate", "cases.delegate.chooseALineManager")
        }
        let now = env.clock.now()
        let rowID = env.ids.uuid().lowercasedString
        try await env.authorise(.concern(id, .caseDelegated, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            guard let person = try await tx.people.find(delegateID), CaseDelegation.canReceive(person.roles(at: now))
            else {
                throw InvalidInput(
                    field: "delegate", "cases.delegate.handlingCanOnlyBeDelegated")
            }
            // Issue 12.3: never to someone the concern names as having caused harm.
            if concern.route.keepsAway(delegateID) {
                throw InvalidInput(field: "delegate", "cases.owner.namedInTheConcern")
            }
        }
        return try await env.write { tx in
            let delegation = CaseDelegation(
                concernID: id, delegate: delegateID, delegatedBy: actor.person, delegatedAt: now, note: cleaned(note))
            try await tx.cases.insertDelegation(delegation, id: rowID)
            try await tx.addToChronology(ChronologyLine(at: now, kind: .delegated, recordID: rowID, concernID: id))
            try await tx.audit(.concern(id, .caseDelegated, by: actor.person))
            return delegation
        }
    }
}

/// R1.3: the concerns delegated to the signed-in line manager (references only).
public struct ListDelegatedCases: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(by actor: Actor) async throws -> [RecordedConcernSummary] {
        let now = env.clock.now()
        return try await env.read { tx in
            var result: [RecordedConcernSummary] = []
            // R1.2: a delegation holds only while the delegate has held the role it was given for since.
            for id in try await tx.cases.concernsDelegated(to: actor.person)
            where try await tx.cases.activeDelegate(id, people: tx.people, at: now) == actor.person {
                if let concern = try await tx.concerns.find(id) {
                    result.append(
                        RecordedConcernSummary(
                            concernID: id, reference: concern.reference, recordedAt: concern.recordedAt))
                }
            }
            return result
        }
    }

    /// The most concerns the chain list reads.
    public static let mostFromChain = 50

    /// Issue 12.3: concerns the alert chain sent this person (a line or senior manager) when no
    /// safeguarding lead could take them, which are still theirs to handle (`activeHandler`),
    /// after their alert has cleared. A safeguarding lead has the inbox instead, and gets none.
    public func fromChain(by actor: Actor) async throws -> [RecordedConcernSummary] {
        guard !actor.isSafeguardingLead else { return [] }
        let now = env.clock.now()
        return try await env.read { tx in
            var result: [RecordedConcernSummary] = []
            let alerted = try await tx.alerts.concernsAlerted(to: actor.person, limit: Self.mostFromChain)
            // Not one their file keeps them away from since (a concern naming them merged into it).
            let away = try await tx.concerns.keepingAway(actor.person, among: alerted)
            // Read together, then taken in the order they were alerted (newest first).
            let kept = alerted.filter { !away.contains($0) }
            let found = Dictionary(
                try await tx.concerns.find(kept).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            for id in kept {
                guard let concern = found[id], concern.route.chainManager?.person == actor.person,
                    try await tx.cases.activeHandler(of: concern, people: tx.people, at: now) == actor.person
                else { continue }
                result.append(
                    RecordedConcernSummary(concernID: id, reference: concern.reference, recordedAt: concern.recordedAt))
            }
            return result
        }
    }
}
