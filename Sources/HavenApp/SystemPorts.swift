import Foundation
import HavenFeatures
import Vapor

/// The wall clock.
public struct SystemClock: Now {
    public init() {}
    public func now() -> Date { Date() }
}

/// Random ids and secrets from the system's secure generator.
public struct SystemIDs: IDs {
    public init() {}
    public func uuid() -> UUID { UUID() }
    public func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// R1.6: bcrypt, with the cost a setting (12 in production, 4 in tests).
public struct BcryptPasswords: HavenFeatures.PasswordHasher {
    let cost: Int

    public init(cost: Int) { self.cost = cost }

    public func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }

    public func verify(_ password: String, against hash: String) -> Bool { (try? Bcrypt.verify(password, created: hash)) ?? false }
}
