import Crypto
import Foundation

/// Issue 12.4: the key a recording form (or an API client's `Idempotency-Key`) sends with a
/// concern, so that the same submission sent twice — a double tap on a slow connection, a page
/// sent again from history, a client retrying after a timeout — is recorded once. A key belongs
/// to the person who sends it: another person's key never finds their concern.
public struct SubmissionKey: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    /// 8 to 100 letters, digits, `-` and `_` (a UUID fits); anything else is not a key.
    public init?(_ text: String) {
        guard (8...100).contains(text.utf8.count),
            text.utf8.allSatisfy({ Self.allowed(byte: $0) })
        else { return nil }
        description = text
    }

    static func allowed(byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            return true
        default: return false
        }
    }
}

extension ConcernDraft {
    /// Issue 12.4: a digest of every answer, kept with a submission key, so that the same key sent
    /// again with different answers (a page from history, edited) is told apart from a repeat.
    public var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data()
        return Hex.encode(SHA256.hash(data: data))
    }
}
