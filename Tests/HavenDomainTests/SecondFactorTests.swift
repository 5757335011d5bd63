import Foundation
import Testing

@testable import HavenDomain

@Suite("R1.6 TOTP, recovery codes and throttling")
struct SecondFactorTests {
    // RFC 6238 appendix B, SHA-1 secret, truncated to 6 digits.
    static let vectors: [(Double, String)] = [
        (59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"),
        (1_234_567_890, "005924"), (2_000_000_000, "279037"), (20_000_000_000, "353130"),
    ]
    static let secret = Array("12345678901234567890".utf8)

    @Test(arguments: 0..<vectors.count)
    func rfc6238(index: Int) {
        let (seconds, code) = Self.vectors[index]
        #expect(
            TOTPCode.code(secret: Self.secret, step: TOTPCode.step(at: Date(timeIntervalSince1970: seconds))) == code)
    }

    @Test func acceptsOneStepOfDriftAndRefusesReplay() {
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = TOTPCode.step(at: now)
        let previous = TOTPCode.code(secret: Self.secret, step: step - 1)
        #expect(TOTPCode.matchingStep(previous, secret: Self.secret, at: now, lastUsedStep: nil) == step - 1)
        #expect(TOTPCode.matchingStep(previous, secret: Self.secret, at: now, lastUsedStep: step - 1) == nil)
        let old = TOTPCode.code(secret: Self.secret, step: step - 2)
        #expect(TOTPCode.matchingStep(old, secret: Self.secret, at: now, lastUsedStep: nil) == nil)
        #expect(TOTPCode.matchingStep("12345", secret: Self.secret, at: now, lastUsedStep: nil) == nil)
    }

    /// Issue 10.9: a code is six ASCII digits, optionally split by a space or dash as apps show
    /// it; other digits (Arabic-Indic, full-width) and anything else mixed in are refused, not
    /// filtered away.
    @Test func codesAreSixASCIIDigitsOnly() {
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        let step = TOTPCode.step(at: now)
        let code = TOTPCode.code(secret: Self.secret, step: step)
        #expect(code == "005924")
        for accepted in ["005924", "005 924", "005-924", " 005924 "] {
            #expect(
                TOTPCode.matchingStep(accepted, secret: Self.secret, at: now, lastUsedStep: nil) == step, "\(accepted)")
        }
        for refused in [
            "٠٠٥٩٢٤", "００５９２４", "0a0b5c9d2e4f", "00x5924", "0059245", "005\u{0}924", "005\n924", "+005924", "005924x",
        ] {
            #expect(
                TOTPCode.matchingStep(refused, secret: Self.secret, at: now, lastUsedStep: nil) == nil,
                "\(refused.debugDescription)")
        }
    }

    @Test func base32RoundTripsAndMatchesRFC4648() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("MZXW6YTBOI") == Array("foobar".utf8))
        #expect(Base32.decode("mzxw 6ytb-oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZ1W") == nil)
        let bytes = (0..<20).map { UInt8($0 * 13 % 256) }
        #expect(Base32.decode(Base32.encode(bytes)) == bytes)
    }

    @Test func recoveryCodesNormaliseForComparison() {
        let code = SecretToken.recoveryCode(Array(0..<10))
        #expect(code.count == 11)
        #expect(SecretToken.normaliseRecoveryCode(code.uppercased()) == SecretToken.normaliseRecoveryCode(code))
        #expect(SecretToken.hash("a") != SecretToken.hash("b"))
    }

    /// Issue 10.8: failures slow down, doubling, up to each count's longest wait; never a lock.
    @Test(
        arguments: [
            // failures so far (one a second, the last just now), limit → seconds to wait
            (2, SignInThrottle.Limit(free: 3, longestWait: 900), 0.0), (3, .init(free: 3, longestWait: 900), 1),
            (4, .init(free: 3, longestWait: 900), 2),
            (6, .init(free: 3, longestWait: 900), 8), (13, .init(free: 3, longestWait: 900), 900),
            (40, .init(free: 10, longestWait: 30), 30),
            (10, .init(free: 10, longestWait: 30), 1),
        ] as [(Int, SignInThrottle.Limit, Double)])
    func waitsDoubleUpToTheLongest(_ count: Int, _ limit: SignInThrottle.Limit, _ wait: Double) {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let failures = (0..<count).map { now.addingTimeInterval(Double($0 - count + 1)) }
        let next = SignInThrottle(window: 3600).nextAttempt(after: failures, limit: limit, now: now)
        #expect((next?.timeIntervalSince(now) ?? 0) == wait, "\(count) failures")
    }

    @Test func failuresOutsideTheWindowAreForgotten() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let old = (0..<50).map { now.addingTimeInterval(-1_000 - Double($0)) }
        #expect(SignInThrottle().nextSignIn(accountFromAddress: old, address: old, account: old, now: now) == nil)
    }

    /// Someone guessing from many addresses slows the account to one try in 30 seconds, never more.
    @Test func theAccountWideWaitIsShort() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        let attack = (0..<500).map { now.addingTimeInterval(-Double($0)) }
        let next = SignInThrottle().nextSignIn(accountFromAddress: [], address: [], account: attack, now: now)
        #expect(next == now.addingTimeInterval(30))
    }
}
