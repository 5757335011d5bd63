import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R3.2: every child's chronology in order, one row per line and child, keyed by
/// (child, time, rank, record): a page is one range of that key, whichever way it is read.
struct SQLKitChronologyStore: ChronologyStore {
    let sql: any SQLDatabase

    struct LineRow: Decodable {
        let at: Int64
        let kind: String
        let recordId: String
        let concernId: String
    }

    func add(_ line: ChronologyLine, children: [ChildID]) async throws {
        // One plain row per child, so an append unit's rows are held and sent with its batch.
        for child in Set(children) {
            try await sql.insert(into: "chronology_lines").columns(
                "child_id", "at", "rank", "record_id", "kind", "concern_id"
            ).values(
                SQLBind(child.description), SQLBind(line.at.millis), SQLBind(line.kind.rank), SQLBind(line.recordID),
                SQLBind(line.kind.rawValue), SQLBind(line.concernID.description)
            ).run()
        }
    }

    func lines(ofChildren children: [ChildID], after position: ChronologyPosition?, order: ChronologyOrder, limit: Int)
        async throws -> [ChronologyLine]
    {
        guard !children.isEmpty else { return [] }
        let ascending = order == .oldestFirst
        // One child (nearly every file) reads one range of the key; a merged file reads each of
        // its records' lines, once each.
        var query =
            children.count == 1
            ? SQLQueryString(
                "SELECT at, kind, record_id, concern_id FROM chronology_lines WHERE child_id = \(bind: children[0].description)"
            )
            : SQLQueryString(
                "SELECT DISTINCT at, rank, kind, record_id, concern_id FROM chronology_lines WHERE child_id IN \(SQLBind.group(Set(children).map(\.description)))"
            )
        if let position {
            query =
                query
                + SQLQueryString(
                    " AND (at, rank, record_id) \(unsafeRaw: ascending ? ">" : "<") (\(bind: position.atMillis), \(bind: position.rank), \(bind: position.recordID))"
                )
        }
        let direction = ascending ? "ASC" : "DESC"
        query =
            query
            + SQLQueryString(
                " ORDER BY at \(unsafeRaw: direction), rank \(unsafeRaw: direction), record_id \(unsafeRaw: direction) LIMIT \(literal: limit)"
            )
        return try await sql.raw(query).all(decoding: LineRow.self, with: rowDecoder).map { row in
            guard let kind = ChronologyKind(rawValue: row.kind), let concern = ConcernID(string: row.concernId) else {
                throw PersistenceError.corruptRow(table: "chronology_lines")
            }
            return ChronologyLine(at: Date(millis: row.at), kind: kind, recordID: row.recordId, concernID: concern)
        }
    }
}
