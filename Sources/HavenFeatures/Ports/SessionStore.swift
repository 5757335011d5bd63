import Foundation
import HavenDomain

/// R1.6: a signed-in session. The browser or API client holds the token; Haven keeps only its hash.
public struct Session: Equatable, Sendable {
    public let tokenHash: String
    public let person: PersonID
    public let csrfToken: String
    public var secondFactorPassed: Bool
    public let createdAt: Date
    public let expiresAt: Date

    public init(tokenHash: String, person: PersonID, csrfToken: String, secondFactorPassed: Bool, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.person = person
        self.csrfToken = csrfToken
        self.secondFactorPassed = secondFactorPassed
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// R1.6: sessions and the record of failed sign-ins used for throttling.
public protocol SessionStore: Sendable {
    func create(_ session: Session) async throws
    func find(tokenHash: String) async throws -> Session?
    func markSecondFactorPassed(tokenHash: String) async throws
    func delete(tokenHash: String) async throws
    /// Ends every session of the person, but the one given (if any).
    func deleteAll(of person: PersonID, except tokenHash: String?) async throws
    func deleteExpired(before: Date) async throws
    func recordFailure(key: String, at: Date) async throws
    func failures(key: String, since: Date) async throws -> [Date]
    func clearFailures(key: String) async throws
}
