import Foundation
import HavenDomain

/// R3.1–R3.3: triage decisions, actions and household links.
public protocol CaseStore: Sendable {
    func insertDecision(_ decision: TriageDecision) async throws
    func decisions(_ concern: ConcernID) async throws -> [TriageDecision]
    func decisions(concerns: [ConcernID]) async throws -> [TriageDecision]
    func insertAction(_ action: CaseAction) async throws
    func action(_ id: CaseActionID) async throws -> CaseAction?
    func actions(concerns: [ConcernID]) async throws -> [CaseAction]
    func completeAction(_ id: CaseActionID, at: Date) async throws
    /// R1.2: hands an open action to someone else (its owner has left).
    func reassignAction(_ id: CaseActionID, to owner: PersonID) async throws
    func openActions() async throws -> [CaseAction]
    func linkHousehold(_ a: ChildID, _ b: ChildID) async throws
    func household(of child: ChildID) async throws -> [ChildID]
    /// R1.3: records a delegation; the newest for a concern is the current one.
    func insertDelegation(_ delegation: CaseDelegation, id: String) async throws
    func delegations(_ concern: ConcernID) async throws -> [CaseDelegation]
    /// Concerns whose current delegation is to `person`.
    func concernsDelegated(to person: PersonID) async throws -> [ConcernID]
}

extension CaseStore {
    /// R1.3: who is handling the concern now, if the DSL delegated it.
    public func currentDelegate(_ concern: ConcernID) async throws -> PersonID? {
        try await delegations(concern).last?.delegate
    }

    /// R1.2, R1.3: the delegate whose delegation still holds (`CaseDelegation.holds`); once it
    /// lapses the concern is the DSL's alone again.
    public func activeDelegate(_ concern: ConcernID, people: any PersonStore, at now: Date) async throws -> PersonID? {
        guard let delegation = try await delegations(concern).last, let person = try await people.find(delegation.delegate),
              delegation.holds(for: person, at: now) else { return nil }
        return delegation.delegate
    }
}
