import HavenDomain

/// R7.1: why a request was refused. Carries no case content.
public enum AccessError: Error, Equatable, Sendable {
    case notSignedIn
    case secondFactorRequired
    case forbidden
    case notFound
}

extension Actor {
    /// R7.1: throws unless the access policy allows this actor to do this now.
    public func require(_ permission: Permission) throws {
        switch AccessPolicy.decide(permission, for: self) {
        case .allowed: return
        case .needsSecondFactor: throw AccessError.secondFactorRequired
        case .denied: throw AccessError.forbidden
        }
    }
}

extension Actor {
    /// R7.1: for a permission about one record. A refusal is answered as if the record did not
    /// exist, so that nobody learns which records exist by trying ids (issue 10.9); a missing
    /// second factor is still asked for.
    public func requireForRecord(_ permission: Permission) throws {
        do {
            try require(permission)
        } catch AccessError.forbidden {
            throw AccessError.notFound
        }
    }
}

/// N1: a limit was reached before anything reached the database (429). Carries no case content.
public enum LimitReached: Error, Equatable, Sendable {
    /// More concerns from one person in ten minutes than anyone records by hand.
    case recording
    /// R7.1: more refusals for one person in ten minutes than anyone meets by following links.
    case refusals
}
