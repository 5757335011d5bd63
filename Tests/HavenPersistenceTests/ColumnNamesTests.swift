import SQLKit
import Testing

@testable import HavenPersistence

/// Row structs name their fields in camelCase; the remembered conversion gives the same column
/// names as SQLKit's own encoder.
@Suite("Column names for row fields")
struct ColumnNamesTests {
    @Test(arguments: [
        "id", "concernId", "recordedAt", "totpLastStep", "childID", "myURLProperty", "a", "aB", "URL", "passwordHash",
        "sortKey", "secondFactorPassed",
    ])
    func theSameAsSQLKit(_ key: String) throws {
        struct One: Encodable {
            let key: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: SomeCodingKey.self)
                try container.encode(1, forKey: SomeCodingKey(stringValue: key))
            }
        }
        let encoded = try SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase).encode(One(key: key))
        #expect(encoded.map(\.0) == [ColumnNames.column(for: key)])
    }
}
