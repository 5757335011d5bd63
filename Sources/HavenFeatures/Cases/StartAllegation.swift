import Foundation
import HavenDomain

/// Issue 12.7, R2.6, R4: starts an allegation record from a concern naming someone as having
/// caused harm (offered first when they work with children). Until the allegations module takes
/// it forward it is a placeholder: kept once per concern, audited, and listed on the DSL's
/// dashboard.
public struct StartAllegation: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    @discardableResult
    public func callAsFunction(from id: ConcernID, by actor: Actor) async throws -> StartedAllegation {
        try actor.require(.manageCase)
        let now = env.clock.now()
        try await env.authorise(.concern(id, .allegationStarted, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            guard concern.content.allegedPerpetrator != nil else {
                throw InvalidInput(field: "allegation", "cases.allegation.nobodyNamed")
            }
        }
        return try await env.write { tx in
            if let started = try await tx.cases.allegationsStarted(concerns: [id], limit: 1).first { return started }
            try await tx.cases.startAllegation(id, at: now, by: actor.person)
            try await tx.audit(.concern(id, .allegationStarted, by: actor.person))
            guard let started = try await tx.cases.allegationsStarted(concerns: [id], limit: 1).first else {
                throw AccessError.notFound
            }
            return started
        }
    }
}
