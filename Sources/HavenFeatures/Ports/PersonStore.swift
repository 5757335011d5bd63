import Foundation
import HavenDomain

/// R1.6: what Haven holds to check a person's sign-in. Secrets never leave the store except here.
public struct Credentials: Sendable {
    public let person: Person
    public let passwordHash: String
    public let totpSecret: [UInt8]?
    public let totpLastStep: Int64?

    public init(person: Person, passwordHash: String, totpSecret: [UInt8]?, totpLastStep: Int64?) {
        self.person = person
        self.passwordHash = passwordHash
        self.totpSecret = totpSecret
        self.totpLastStep = totpLastStep
    }
}

/// What may be read of people and their accounts: the only part a read unit is given.
public protocol PersonReads: Sendable {
    func find(_ id: PersonID) async throws -> Person?
    /// The people with these ids who are on record, in no particular order.
    func find(_ ids: [PersonID]) async throws -> [Person]
    func credentials(email: String) async throws -> Credentials?
    func credentials(_ id: PersonID) async throws -> Credentials?
    func all() async throws -> [Person]
    /// R1.2: for each person, whether they have chosen a password (activated) and set up a second factor.
    func accountStates() async throws -> [PersonID: AccountState]
    /// R1.2: a page of people in order of their names (`NameKey`, then id) with where their
    /// accounts stand, starting after the person `after`, at most `limit`; nil if there is no
    /// such person.
    func accounts(after: PersonID?, limit: Int) async throws -> [(Person, AccountState)]?
}

/// R1.2, R1.3, R1.6: people, their roles, availability and sign-in secrets.
public protocol PersonStore: PersonReads {
    func create(_ person: Person, passwordHash: String) async throws
    func setRoles(_ id: PersonID, _ assignments: [RoleAssignment]) async throws
    func setAvailability(_ id: PersonID, unavailable: Bool) async throws
    /// Replaces the TOTP secret and the recovery codes (stored as hashes) together.
    func setSecondFactor(_ id: PersonID, secret: [UInt8]?, recoveryCodeHashes: [String]) async throws
    func recordTOTPStep(_ id: PersonID, step: Int64) async throws
    func setEmail(_ id: PersonID, _ email: String) async throws
    /// Issue 12.7: what kind of worker they are, who manages them and how senior they are.
    func setKind(_ id: PersonID, _ kind: PersonKind) async throws
    func setLineManager(_ id: PersonID, _ manager: PersonID?) async throws
    func setSeniority(_ id: PersonID, _ seniority: Int) async throws
    /// Issue 12.3: the household the person lives in (nil: none recorded).
    func setHousehold(_ id: PersonID, _ household: String?) async throws
    func setPasswordHash(_ id: PersonID, _ hash: String) async throws
    /// R1.2: the person has left: they cannot sign in or be routed to from `at`.
    func deactivate(_ id: PersonID, at: Date) async throws
    /// Removes a recovery code; false if it was not there (already used, or never issued).
    func consumeRecoveryCode(_ id: PersonID, hash: String) async throws -> Bool
}

/// R1.2: where a person's account stands, without its secrets.
public struct AccountState: Equatable, Sendable {
    public let activated: Bool
    public let hasSecondFactor: Bool

    public init(activated: Bool, hasSecondFactor: Bool) {
        self.activated = activated
        self.hasSecondFactor = hasSecondFactor
    }
}

/// The people store, as read, append and write units each see it.
public enum PersonStoreKey: StoreKey {
    public typealias Reads = any PersonReads
    public typealias Store = any PersonStore
}

extension Reading {
    public var people: any PersonReads { self[PersonStoreKey.self] }
}

extension Transaction {
    public var people: any PersonStore { self[PersonStoreKey.self] }
}
