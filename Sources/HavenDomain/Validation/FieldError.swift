import Foundation

/// N2: bad input is answered with a message that names the field, and nothing is stored.
public struct FieldError: Error, Equatable, Sendable, Codable {
    public let field: String
    /// What is wrong and how to put it right, in words from the catalogue (N6).
    public let message: Words

    public init(field: String, message: Words) {
        self.field = field
        self.message = message
    }

    public init(field: String, _ key: String, _ arguments: [String: Words.Argument] = [:]) {
        self.init(field: field, message: Words(key, arguments))
    }
}

/// N2: every problem with a submission, reported at once rather than one per attempt.
public struct InvalidInput: Error, Equatable, Sendable {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public init(field: String, _ message: Words) {
        self.errors = [FieldError(field: field, message: message)]
    }

    public init(field: String, _ key: String, _ arguments: [String: Words.Argument] = [:]) {
        self.init(field: field, Words(key, arguments))
    }

    /// Throws when any error has been collected.
    public static func check(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw InvalidInput(errors) }
    }
}

/// Trims free text and treats an empty answer as no answer.
public func cleaned(_ text: String?) -> String? {
    guard let trimmed = text.map(trimmed), !trimmed.isEmpty else { return nil }
    return trimmed
}

/// `text` without leading and trailing white space and line breaks — the same characters as
/// Foundation's `.whitespacesAndNewlines` (Unicode's White_Space), found without building a
/// character set for every field of every form.
public func trimmed(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
    let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
    if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return text }
    return String(scalars[first...last])
}
