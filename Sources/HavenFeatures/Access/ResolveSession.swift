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
        let hash = SecretToken.hash(token)
        let now = env.clock.now()
        let idle = env.sessionIdleTimeout
        let found: SignedInPerson? = try await env.read { tx in
            guard let session = try await tx.sessions.find(tokenHash: hash), session.isLive(at: now, idleTimeout: idle),
                let credentials = try await tx.people.credentials(session.person), credentials.person.isActive(at: now)
            else { return nil }
            let person = credentials.person
            let everyone = try await tx.organisation.profile()?.secondFactorRequiredForEveryone ?? false
            return SignedInPerson(
                session: session, person: person,
                actor: Actor(
                    person: person.id, roles: person.roles(at: now), secondFactorPassed: session.secondFactorPassed),
                hasSecondFactor: credentials.totpSecret != nil, secondFactorRequiredForEveryone: everyone)
        }
        // R1.6: the idle clock restarts with use; written at most once a minute per session.
        if let found, now.timeIntervalSince(found.session.lastSeenAt) > 60 {
            try await env.write { tx in try await tx.sessions.touch(tokenHash: hash, at: now) }
        }
        return found
    }

    /// R1.6: a session that existed but has ended (idle or at its absolute end) for a person who can
    /// still sign in: what was being sent with it can be kept for them.
    public func ended(token: String) async throws -> Session? {
        let hash = SecretToken.hash(token)
        let now = env.clock.now()
        let idle = env.sessionIdleTimeout
        return try await env.read { tx in
            guard let session = try await tx.sessions.find(tokenHash: hash),
                !session.isLive(at: now, idleTimeout: idle),
                let person = try await tx.people.find(session.person), person.isActive(at: now)
            else { return nil }
            return session
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
