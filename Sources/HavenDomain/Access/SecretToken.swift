import Crypto
import Foundation

/// R1.6: a bearer secret (session token, recovery code). Haven stores only its SHA-256 hash,
/// so a copy of the database does not let anyone sign in.
public enum SecretToken {
    /// URL-safe text for random bytes.
    public static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// R1.6: a recovery code people can type: ten characters in two groups, no look-alike letters.
    public static func recoveryCode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let chars = bytes.prefix(10).map { alphabet[Int($0) % alphabet.count] }
        return String(chars.prefix(5)) + "-" + String(chars.dropFirst(5))
    }

    /// Recovery codes are compared without case, spaces or dashes (ASCII letters and digits only).
    public static func normaliseRecoveryCode(_ code: String) -> String {
        String(
            code.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(
                Character.init))
    }
}
