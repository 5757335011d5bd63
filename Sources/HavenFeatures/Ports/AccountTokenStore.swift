import Foundation
import HavenDomain

/// R1.2, R1.6: what a one-time link sent by email is for.
public enum AccountTokenPurpose: String, Codable, Sendable {
    /// A new account: the person sets their own password and second factor.
    case activation
    /// A forgotten password, or a reset an administrator asked for.
    case passwordReset = "password_reset"

    /// How long the link works.
    public var lifetime: TimeInterval {
        switch self {
        case .activation: 7 * 24 * 3600
        case .passwordReset: 3600
        }
    }
}

/// R1.2, R1.6: a one-time link's record. Only the hash of the token in the link is kept.
public struct AccountToken: Equatable, Sendable {
    public let tokenHash: String
    public let person: PersonID
    public let purpose: AccountTokenPurpose
    public let createdAt: Date
    public let expiresAt: Date
    public var usedAt: Date?

    public init(
        tokenHash: String, person: PersonID, purpose: AccountTokenPurpose, createdAt: Date, expiresAt: Date,
        usedAt: Date? = nil
    ) {
        self.tokenHash = tokenHash
        self.person = person
        self.purpose = purpose
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }

    public func isUsable(at moment: Date) -> Bool { usedAt == nil && moment < expiresAt }
}

/// What may be read of account links: the only part a read unit is given.
public protocol AccountTokenReads: Sendable {
    func find(tokenHash: String) async throws -> AccountToken?
}

public protocol AccountTokenStore: AccountTokenReads {
    func insert(_ token: AccountToken) async throws
    func markUsed(tokenHash: String, at: Date) async throws
    /// Ends every unused link of this purpose for the person (a newer one replaces them).
    func revoke(person: PersonID, purpose: AccountTokenPurpose, at: Date) async throws
}

/// The accountTokens store, as read, append and write units each see it.
public enum AccountTokenStoreKey: StoreKey {
    public typealias Reads = any AccountTokenReads
    public typealias Store = any AccountTokenStore
}

extension Reading {
    public var accountTokens: any AccountTokenReads { self[AccountTokenStoreKey.self] }
}

extension Transaction {
    public var accountTokens: any AccountTokenStore { self[AccountTokenStoreKey.self] }
}
