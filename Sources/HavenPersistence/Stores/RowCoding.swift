import Foundation
import SQLKit

// Columns are snake_case; row structs are camelCase (ColumnNames). Every store reads rows with
// this one reader.
let rowDecoder = ColumnReader()

/// Reads a row into a row struct, each key straight from its column. SQLKit's own row decoder
/// builds each column's name afresh and looks it up twice for every key of every row (a tenth of
/// an inbox page's time, after the names were remembered); this one asks the row once.
struct ColumnReader: Sendable {
    func decode<D: Decodable>(_ type: D.Type, from row: any SQLRow) throws -> D {
        try D(from: Columns(row: row))
    }

    private struct Columns: Decoder {
        let row: any SQLRow
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(row: row))
        }
        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Self.notARow }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { throw Self.notARow }

        static let notARow = DecodingError.dataCorrupted(
            .init(codingPath: [], debugDescription: "A row is read into a struct of its columns."))
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: any SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.allColumns.compactMap(Key.init(stringValue:)) }

        func column(_ key: Key) -> String { ColumnNames.column(for: key.stringValue) }
        func contains(_ key: Key) -> Bool { row.contains(column: column(key)) }
        func decodeNil(forKey key: Key) throws -> Bool { try row.decodeNil(column: column(key)) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try row.decode(column: column(key), as: T.self)
        }
        func nestedContainer<Nested: CodingKey>(keyedBy: Nested.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<Nested>
        { throw Columns.notARow }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw Columns.notARow }
        func superDecoder() throws -> any Decoder { throw Columns.notARow }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw Columns.notARow }
    }
}

extension SQLQueryFetcher {
    func all<D: Decodable>(decoding type: D.Type, with reader: ColumnReader) async throws -> [D] {
        try await all().map { try reader.decode(D.self, from: $0) }
    }

    func first<D: Decodable>(decoding type: D.Type, with reader: ColumnReader) async throws -> D? {
        try await first().map { try reader.decode(D.self, from: $0) }
    }
}
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
