import Foundation

/// The current time, as a port, so that rules and tests never read the wall clock themselves.
public protocol Now: Sendable {
    func now() -> Date
}

/// New identifiers and secrets, as a port, so that tests can fix them.
public protocol IDs: Sendable {
    func uuid() -> UUID
    func randomBytes(_ count: Int) -> [UInt8]
}

/// R1.6: password hashing (bcrypt in production).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) -> Bool
    /// A hash of the same cost that no password matches: checked against when there is no account,
    /// so that an unknown email takes as long as a known one.
    var unusableHash: String { get }
}
