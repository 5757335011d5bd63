import Foundation
import HavenFeatures
import Vapor

/// The wall clock.
public struct SystemClock: Now {
    public init() {}
    public func now() -> Date { Date() }
}

/// Ids and secrets from the system's secure generator (getrandom).
///
/// Ids are version 7 UUIDs (RFC 9562): the first 48 bits are the millisecond they were made,
/// the other 74 bits random. Ids made close together sort close together, so the database
/// adds each new row beside the last one instead of at a random place in every index — a
/// batch of concerns then rewrites a few pages per index, not one per row. They remain
/// unguessable, and nothing in Haven's access rules depends on an id being secret.
/// (Foundation's `UUID()` is also avoided because it opens /dev/urandom for each one.)
public struct SystemIDs: IDs {
    let clock: any Now

    public init(clock: any Now = SystemClock()) { self.clock = clock }

    public func uuid() -> UUID {
        let millis = UInt64(max(0, clock.now().timeIntervalSince1970 * 1000))
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64, more = generator.next() as UInt64
        let high = (millis << 16) | 0x7000 | (random & 0x0FFF)
        let low = (more & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let bytes = (high.bigEndian, low.bigEndian)
        return withUnsafeBytes(of: bytes) { raw in
            UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
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
