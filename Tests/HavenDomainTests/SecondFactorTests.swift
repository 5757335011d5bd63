import Foundation
import Testing
@testable import HavenDomain

@Suite("R1.6 TOTP, recovery codes and throttling")
struct SecondFactorTests {
    // RFC 6238 appendix B, SHA-1 secret, truncated to 6 digits.
    static let vectors: [(Double, String)] = [(59, "287082"), (1_111_111_109, "081804"), (1_111_111_111, "050471"),
                                              (1_234_567_890, "005924"), (2_000_000_000, "279037"), (20_000_000_000, "353130")]
    static let secret = Array("12345678901234567890".utf8)

    @Test(arguments: 0..<vectors.count)
    func rfc6238(index: Int) {
        let (seconds, code) = Self.vectors[index]
        #expect(TOTPCode.code(secret: Self.secret, step: TOTPCode.step(at: Date(timeIntervalSince1970: seconds))) == code)
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
            #expect(TOTPCode.matchingStep(accepted, secret: Self.secret, at: now, lastUsedStep: nil) == step, "\(accepted)")
        }
        for refused in ["٠٠٥٩٢٤", "００５９２４", "0a0b5c9d2e4f", "00x5924", "0059245", "005\u{0}924", "005\n924", "+005924", "005924x"] {
            #expect(TOTPCode.matchingStep(refused, secret: Self.secret, at: now, lastUsedStep: nil) == nil, "\(refused.debugDescription)")
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

    @Test func throttleLocksAfterFiveFailuresInFifteenMinutes() {
        let throttle = SignInThrottle()
        let start = Date(timeIntervalSince1970: 1_000_000)
        let four = (0..<4).map { start.addingTimeInterval(Double($0) * 60) }
        #expect(throttle.lockedUntil(failures: four, now: start.addingTimeInterval(300)) == nil)
        let five = four + [start.addingTimeInterval(240)]
        #expect(throttle.lockedUntil(failures: five, now: start.addingTimeInterval(300)) == start.addingTimeInterval(900))
        #expect(throttle.lockedUntil(failures: five, now: start.addingTimeInterval(901)) == nil)
    }
}
