import Foundation
import HavenDomain

/// R2.7: the recorder's receipt: received, when and by whom; an outcome only if the DSL shared one.
public struct ViewReceipt: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ id: ConcernID, by actor: Actor) async throws -> ConcernReceipt {
        try await recorded(id, repeated: false, by: actor).receipt
    }

    /// The receipt with what the recorder is shown beside it: the nudges and prompts drawn from
    /// what they wrote (R2.5, R2.6, R2.9).
    public func recorded(_ id: ConcernID, repeated: Bool, by actor: Actor) async throws -> RecordedConcern {
        try await env.auditedRead(.concern(id, .receiptRead, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            try actor.requireForRecord(.viewReceipt(recordedBy: concern.recordedBy))
            let handler = try await concern.route.handler.asyncMap { try await tx.people.find($0) } ?? nil
            let shared = try await tx.cases.decisions(id).last { $0.outcomeSharedWithRecorder != nil }
            let receipt = ConcernReceipt(
                concernID: id, reference: concern.reference, recordedAt: concern.recordedAt,
                receivedBy: handler?.name, nobodyAvailable: concern.route.nobodyAvailable,
                // The outcome is case content: a password alone does not show it.
                sharedOutcome: actor.secondFactorPassed ? shared?.outcomeSharedWithRecorder : nil,
                outcomeNeedsSecondFactor: !actor.secondFactorPassed && shared != nil)
            return RecordedConcern(receipt: receipt, content: concern.content, repeated: repeated)
        }
    }
}

/// R2.7: the concerns a person has recorded, as receipts without content.
public struct ListMyConcerns: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(by actor: Actor) async throws -> [RecordedConcernSummary] {
        try await env.read { tx in try await tx.concerns.recorded(by: actor.person) }
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
