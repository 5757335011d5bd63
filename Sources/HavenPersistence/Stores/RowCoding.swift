import Foundation
import SQLKit

// Columns are snake_case; row structs are camelCase. Each Swift key's column name is worked out
// once and remembered: SQLKit's own conversion ran for every key of every row, about a tenth of
// the time an inbox page took.
let rowDecoder = SQLRowDecoder(
    keyDecodingStrategy: .custom({ path in SomeCodingKey(stringValue: ColumnNames.column(for: path.last!.stringValue)) }
    ))
let rowEncoder = SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)

/// camelCase Swift keys to snake_case column names ("concernId" → "concern_id"), remembered.
enum ColumnNames {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: String] = [:]

    static func column(for key: String) -> String {
        if let column = lock.withLock({ known[key] }) { return column }
        let column = snakeCase(key)
        lock.withLock { known[key] = column }
        return column
    }

    /// SQLKit's own conversion (`convertToSnakeCase`), word for word: a run of capitals is one
    /// word, and each word's first letter is lowered.
    static func snakeCase(_ key: String) -> String {
        guard !key.isEmpty else { return key }
        var words: [Range<String.Index>] = []
        var wordStart = key.startIndex
        var searchIndex = key.index(after: wordStart)
        while let upper = key[searchIndex...].firstIndex(where: \.isUppercase) {
            words.append(wordStart..<upper)
            wordStart = upper
            guard let lower = key[upper...].firstIndex(where: \.isLowercase) else { break }
            searchIndex = lower
            if lower != key.index(after: upper) {
                let beforeLower = key.index(before: lower)
                words.append(upper..<beforeLower)
                wordStart = beforeLower
            }
        }
        words.append(wordStart..<key.endIndex)
        return words.map { word in
            let text = key[word]
            return text.isEmpty ? "" : text.prefix(1).lowercased() + text.dropFirst()
        }.joined(separator: "_")
    }
}
