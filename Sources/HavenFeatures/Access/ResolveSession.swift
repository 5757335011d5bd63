import Foundation
import HavenDomain

/// R1.6: a live session and the person behind it, as the web layer needs them on every request.
public struct SignedInPerson: Sendable {
    public let session: Session
    public let person: Person
    public let actor: Actor
    public let hasSecondFactor: Bool
    /// R1.6: the organisation requires the second factor for everything, recording included.
    public let secondFactorRequiredForEveryone: Bool

    /// R1.6: whether this session may do `permission` now.
    public func decide(_ permission: Permission) -> AccessDecision {
        AccessPolicy.decide(permission, for: actor, secondFactorRequiredForEveryone: secondFactorRequiredForEveryone)
    }

    /// Throws unless this session may do `permission` now.
    public func require(_ permission: Permission) throws {
        switch decide(permission) {
        case .allowed: return
        case .needsSecondFactor: throw AccessError.secondFactorRequired
        case .denied: throw AccessError.forbidden
        }
    }
}

/// R1.6: finds the session for a token, if it exists and has not expired, and the roles its person holds now.
public struct ResolveSession: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(token: String) async throws -> SignedInPerson? {
        let hash = SecretToken.hash(token), now = env.clock.now()
        return try await env.read { tx in
            guard let session = try await tx.sessions.find(tokenHash: hash), session.expiresAt > now,
                  let credentials = try await tx.people.credentials(session.person), credentials.person.isActive(at: now) else { return nil }
            let person = credentials.person
            let everyone = try await tx.organisation.profile()?.secondFactorRequiredForEveryone ?? false
            return SignedInPerson(session: session, person: person,
                                  actor: Actor(person: person.id, roles: person.roles(at: now), secondFactorPassed: session.secondFactorPassed),
                                  hasSecondFactor: credentials.totpSecret != nil, secondFactorRequiredForEveryone: everyone)
        }
    }
}

/// R1.6: ends a session.
public struct SignOut: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ session: Session) async throws {
        try await env.write { tx in
            try await tx.sessions.delete(tokenHash: session.tokenHash)
            try await tx.audit(AuditEntry(actor: session.person, action: .signedOut))
        }
    }
}
