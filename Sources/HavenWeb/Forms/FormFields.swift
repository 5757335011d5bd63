import Foundation

/// A form as a browser sends it (application/x-www-form-urlencoded): each name and value, in
/// order, decoded.
enum FormFields {
    static func parse(_ body: String) -> [(name: String, value: String)] {
        body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let name = decode(parts[0]), let value = decode(parts[1]) else { return nil }
            return (name, value)
        }
    }

    /// `+` is a space, then percent-decoding.
    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
