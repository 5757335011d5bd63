import Crypto
import Foundation

/// R1.6: time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), the
/// second factor every authenticator app supports.
public enum TOTPCode {
    public static let stepSeconds: Double = 30

    /// The time step a moment falls in.
    public static func step(at moment: Date) -> Int64 { Int64(floor(moment.timeIntervalSince1970 / stepSeconds)) }

    /// The code for one time step.
    public static func code(secret: [UInt8], step: Int64, digits: Int = 6) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let truncated =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(truncated % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// R1.6: the time step a submitted code matches, allowing one step of clock drift either way,
    /// and refusing any step at or before `lastUsedStep` so that a code cannot be replayed.
    public static func matchingStep(_ submitted: String, secret: [UInt8], at moment: Date, lastUsedStep: Int64?)
        -> Int64?
    {
        guard let digits = asciiDigits(submitted) else { return nil }
        let now = step(at: moment)
        for candidate in [now, now - 1, now + 1] where candidate > (lastUsedStep ?? Int64.min) {
            if constantTimeEqual(code(secret: secret, step: candidate), digits) { return candidate }
        }
        return nil
    }

    /// The six ASCII digits of a typed code, allowing one space or dash between groups of three
    /// (as apps show it) and spaces around it; nil for anything else.
    static func asciiDigits(_ submitted: String) -> String? {
        var bytes = Array(submitted.utf8)
        while bytes.first == UInt8(ascii: " ") { bytes.removeFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes.removeLast() }
        if bytes.count == 7, bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-") { bytes.remove(at: 3) }
        guard bytes.count == 6, bytes.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The link an authenticator app reads to add the account.
    public static func provisioningURI(secret: [UInt8], account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParam)&digits=6&period=30"
    }
}
