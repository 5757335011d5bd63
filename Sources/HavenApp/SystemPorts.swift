import Crypto
import Foundation
import HavenFeatures
import Vapor

/// The wall clock.
public struct SystemClock: Now {
    public init() {}
    public func now() -> Date { Date() }
}

/// Ids and secrets from the system's secure generator.
///
/// Ids are version 7 UUIDs (RFC 9562): the first 48 bits are the millisecond they were made,
/// the other 74 bits random. Ids made close together sort close together, so the database
/// adds each new row beside the last one instead of at a random place in every index — a
/// batch of concerns then rewrites a few pages per index, not one per row. They remain
/// unguessable, and nothing in Haven's access rules depends on an id being secret.
/// (Foundation's `UUID()` is also avoided because it opens /dev/urandom for each one.)
public struct SystemIDs: IDs {
    let clock: any Now
    private let random = SecureRandom()

    public init(clock: any Now = SystemClock()) { self.clock = clock }

    public func uuid() -> UUID {
        let millis = UInt64(max(0, clock.now().timeIntervalSince1970 * 1000))
        var random = self.random.bytes(10)
        random[0] = 0x70 | (random[0] & 0x0F)  // version 7
        random[2] = 0x80 | (random[2] & 0x3F)  // RFC 9562 variant
        return UUID(
            uuid: (
                UInt8(truncatingIfNeeded: millis >> 40), UInt8(truncatingIfNeeded: millis >> 32),
                UInt8(truncatingIfNeeded: millis >> 24), UInt8(truncatingIfNeeded: millis >> 16),
                UInt8(truncatingIfNeeded: millis >> 8), UInt8(truncatingIfNeeded: millis),
                random[0], random[1], random[2], random[3], random[4], random[5], random[6], random[7], random[8],
                random[9]
            ))
    }

    public func randomBytes(_ count: Int) -> [UInt8] { random.bytes(count) }
}

/// The kernel's secure random bytes (arc4random_buf, which glibc draws from getrandom), taken a
/// page at a time and handed out in order, each byte once: a concern needs several ids, and a
/// system call for each 8 bytes of them showed in profiles.
final class SecureRandom: @unchecked Sendable {
    private let lock = NSLock()
    private var pool = [UInt8](repeating: 0, count: 4_096)
    private var next = 4_096

    func bytes(_ count: Int) -> [UInt8] {
        guard count <= pool.count / 4 else { return Self.draw(count) }
        return lock.withLock {
            if next + count > pool.count {
                pool = Self.draw(pool.count)
                next = 0
            }
            defer {
                // Handed out bytes are not kept.
                for index in next..<(next + count) { pool[index] = 0 }
                next += count
            }
            return Array(pool[next..<(next + count)])
        }
    }

    private static func draw(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
        return bytes
    }
}

/// R1.6: bcrypt, with the cost a setting (12 in production, never below 10 outside tests).
/// bcrypt reads only the first 72 bytes of a password, so a longer one is first reduced to the
/// base64 of its SHA-256 (44 bytes): every character of a long passphrase counts.
public struct BcryptPasswords: HavenFeatures.PasswordHasher {
    let cost: Int
    public let unusableHash: String

    public init(cost: Int) {
        self.cost = cost
        // A hash of random bytes at the same cost: what an unknown account is checked against.
        let random = SecureRandom().bytes(32).map { String($0, radix: 16) }.joined()
        unusableHash = (try? Bcrypt.hash(random, cost: cost)) ?? ""
    }

    static let bcryptLimit = 72

    static func prepared(_ password: String) -> String {
        password.utf8.count > bcryptLimit
            ? "sha256:" + Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString() : password
    }

    public func hash(_ password: String) throws -> String { try Bcrypt.hash(Self.prepared(password), cost: cost) }

    public func verify(_ password: String, against hash: String) -> Bool {
        guard !hash.isEmpty else { return false }
        return (try? Bcrypt.verify(Self.prepared(password), created: hash)) ?? false
    }
}
