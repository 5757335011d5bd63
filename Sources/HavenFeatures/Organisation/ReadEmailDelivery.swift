import Foundation
import HavenDomain

/// Issue 13.3: how email from Haven is going, for an administrator: they are the one who can
/// correct an address the mail server refuses (the DSL's dashboard says the same).
public struct ReadEmailDelivery: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(by actor: Actor) async throws -> EmailDelivery {
        try actor.require(.managePeople)
        let now = env.clock.now()
        return try await env.unitOfWork.read { tx in try await LeadDashboard.email(tx, env: env, now: now) }
    }
}
