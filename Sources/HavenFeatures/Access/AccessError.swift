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
