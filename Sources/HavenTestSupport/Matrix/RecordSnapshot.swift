import FluentKit
import Foundation
import HavenPersistence
import SQLKit

/// Every row Haven keeps, as text, to prove that a refused write stored nothing. The audit log
/// is left out (a refusal is recorded there, as it should be), and so is when a session was
/// last seen (every request moves it).
public struct RecordSnapshot: Equatable, Sendable {
    public let tables: [String: String]

    /// The tables whose rows differ from `other`'s.
    public func changed(since other: RecordSnapshot) -> [String] {
        Set(tables.keys).union(other.tables.keys).filter { tables[$0] != other.tables[$0] }.sorted()
    }
}

/// Takes snapshots in one query: each table's rows, every column cast to text, sorted and joined
/// by the database itself.
public struct RecordSnapshotter: Sendable {
    let sql: any SQLDatabase
    let query: String

    static let unsnapshotted: Set<String> = ["audit_events", "audit_head", "audit_checkpoints", "_fluent_migrations"]

    public func take() async throws -> RecordSnapshot {
        struct Table: Decodable {
            let name: String
            let rows: String?
        }
        let tables = try await sql.raw(SQLQueryString(query)).all(decoding: Table.self)
        return RecordSnapshot(
            tables: Dictionary(tables.map { ($0.name, $0.rows ?? "") }, uniquingKeysWith: { first, _ in first }))
    }
}

extension TestHaven {
    public func snapshotter() async throws -> RecordSnapshotter {
        let sql = app.db(HavenDatabase.id) as! any SQLDatabase
        struct Column: Decodable {
            let tableName: String
            let columnName: String
        }
        let sqlite = sql.dialect.name == "sqlite"
        let columns: [Column] = try await sql.raw(
            SQLQueryString(
                sqlite
                    ? "SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m JOIN pragma_table_info(m.name) p "
                        + "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid"
                    : "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                        + "ORDER BY table_name, ordinal_position")
        ).all(decoding: Column.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))
        let byTable = Dictionary(
            grouping: columns.filter {
                !RecordSnapshotter.unsnapshotted.contains($0.tableName) && $0.columnName != "last_seen_at"
            },
            by: \.tableName)
        let parts = byTable.keys.sorted().map { table -> String in
            let row = byTable[table]!.map { "COALESCE(CAST(\"\($0.columnName)\" AS TEXT), 'nil')" }.joined(
                separator: " || '|' || ")
            let rows =
                sqlite
                ? "(SELECT group_concat(r, char(10)) FROM (SELECT \(row) AS r FROM \"\(table)\" ORDER BY r))"
                : "(SELECT string_agg(r, E'\\n' ORDER BY r) FROM (SELECT \(row) AS r FROM \"\(table)\") AS rows)"
            return "SELECT '\(table)' AS name, \(rows) AS rows"
        }
        return RecordSnapshotter(sql: sql, query: parts.joined(separator: " UNION ALL "))
    }

    public func snapshot() async throws -> RecordSnapshot { try await snapshotter().take() }
}
