import Foundation

/// N2: bad input is answered with a message that names the field, and nothing is stored.
public struct FieldError: Error, Equatable, Sendable, Codable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// N2: every problem with a submission, reported at once rather than one per attempt.
public struct InvalidInput: Error, Equatable, Sendable {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public init(field: String, _ message: String) {
        self.errors = [FieldError(field: field, message: message)]
    }

    /// Throws when any error has been collected.
    public static func check(_ errors: [FieldError]) throws {
        if !errors.isEmpty { throw InvalidInput(errors) }
    }
}

/// Trims free text and treats an empty answer as no answer.
public func cleaned(_ text: String?) -> String? {
    guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
    return trimmed
}
