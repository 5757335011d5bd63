import Foundation
import HavenDomain

/// How `haven` says why a command or the server could not go on: once, at error level, in words.
/// (Vapor's own `execute` logged every failure as a warning, and `haven` logged it again, and
/// refused input came out as a Swift value, found walking docs/operations.md.)
public enum CommandFailure {
    public static func describe(_ error: any Error, language: String? = nil) -> String {
        guard let invalid = error as? InvalidInput, let catalogues = try? Catalogues.bundled(),
            let words = catalogues.catalogue(for: language ?? "en-GB") ?? catalogues.catalogue(for: "en-GB")
        else { return String(describing: error) }
        let lines = invalid.errors.map { "  - \($0.field): \(words.text($0.message, timeZone: .current))" }
        return (["what was given was refused:"] + lines).joined(separator: "\n")
    }
}
