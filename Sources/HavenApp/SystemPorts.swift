import Foundation
import HavenFeatures
import Vapor

/// The wall clock.
public struct SystemClock: Now {
    public init() {}
    public func now() -> Date { Date() }
}

/// Random ids and secrets from the system's secure generator (getrandom). Version 4 UUIDs are
/// made here from it directly: Foundation's `UUID()` opens /dev/urandom for each one, and a
/// concern takes a dozen.
public struct SystemIDs: IDs {
    public init() {}

    public func uuid() -> UUID {
        var generator = SystemRandomNumberGenerator()
        let high = generator.next() as UInt64, low = generator.next() as UInt64
        var bytes = (high.bigEndian, low.bigEndian)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
            return UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                               raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
        }
    }

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
