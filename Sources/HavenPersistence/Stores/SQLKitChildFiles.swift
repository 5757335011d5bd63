import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// Issue 12.2: children found by date of birth, whole name or identifier (each from an index),
/// and the records that make up each file, followed through `child_merges` with one recursive
/// query on either database (at most `deepest` merges deep, so a damaged table cannot loop).
extension SQLKitConcernStore {
    static let deepest = 32

    func children(bornOn day: Day, limit: Int) async throws -> [ChildRecord] {
        try await sql.select().columns("id", "details", "created_at").from("children")
            .where("born", .equal, SQLBind(day.iso)).orderBy("id").limit(limit)
            .all(decoding: ChildRow.self, with: rowDecoder).map { try $0.record(sealer) }
    }

    func children(withNameKey key: String, limit: Int) async throws -> [ChildRecord] {
        guard !key.isEmpty else { return [] }
        return try await sql.select().columns("id", "details", "created_at").from("children")
            .where("sort_key", .equal, SQLBind(key)).orderBy("id").limit(limit)
            .all(decoding: ChildRow.self, with: rowDecoder).map { try $0.record(sealer) }
    }

    func children(withIdentifier kind: ChildIdentifierKind, _ value: String, limit: Int) async throws -> [ChildRecord] {
        struct Row: Decodable { let childId: String }
        let ids = try await sql.select().column("child_id").from("child_identifiers")
            .where("kind", .equal, SQLBind(kind.rawValue)).where("value", .equal, SQLBind(value)).limit(limit)
            .all(decoding: Row.self, with: rowDecoder).compactMap { ChildID(string: $0.childId) }
        return try await children(ids)
    }

    func files(of children: [ChildID]) async throws -> [ChildID: ChildID] {
        guard !children.isEmpty else { return [:] }
        struct Row: Decodable {
            let child: String
            let reached: String
            let depth: Int
        }
        let rows = try await sql.raw(
            """
            WITH RECURSIVE up(child, reached, depth) AS (
              SELECT id, id, 0 FROM children WHERE id IN \(SQLBind.group(Set(children).map(\.description)))
              UNION ALL SELECT up.child, m.into_child_id, up.depth + 1 FROM child_merges m
                JOIN up ON m.child_id = up.reached WHERE up.depth < \(literal: Self.deepest))
            SELECT child, reached, depth FROM up
            """
        ).all(decoding: Row.self, with: rowDecoder)
        var deepest: [String: Row] = [:]
        for row in rows where row.depth >= (deepest[row.child]?.depth ?? -1) { deepest[row.child] = row }
        var files: [ChildID: ChildID] = [:]
        for (child, row) in deepest {
            if let id = ChildID(string: child), let file = ChildID(string: row.reached) { files[id] = file }
        }
        return files
    }

    func records(inFiles files: [ChildID]) async throws -> [ChildID: [ChildID]] {
        guard !files.isEmpty else { return [:] }
        struct Row: Decodable {
            let file: String
            let record: String
            let depth: Int
        }
        let rows = try await sql.raw(
            """
            WITH RECURSIVE down(file, record, depth) AS (
              SELECT id, id, 0 FROM children WHERE id IN \(SQLBind.group(Set(files).map(\.description)))
              UNION ALL SELECT down.file, m.child_id, down.depth + 1 FROM child_merges m
                JOIN down ON m.into_child_id = down.record WHERE down.depth < \(literal: Self.deepest))
            SELECT file, record, depth FROM down ORDER BY depth, record
            """
        ).all(decoding: Row.self, with: rowDecoder)
        var records: [ChildID: [ChildID]] = [:]
        for row in rows {
            guard let file = ChildID(string: row.file), let record = ChildID(string: row.record) else { continue }
            if !(records[file]?.contains(record) ?? false) { records[file, default: []].append(record) }
        }
        return records
    }

    struct MergeRow: Decodable {
        let childId: String
        let intoChildId: String
        let mergedAt: Int64
        let mergedBy: String

        func merge() throws -> ChildMerge {
            guard let child = ChildID(string: childId), let into = ChildID(string: intoChildId),
                let by = PersonID(string: mergedBy)
            else { throw PersistenceError.corruptRow(table: "child_merges") }
            return ChildMerge(child: child, into: into, at: Date(millis: mergedAt), by: by)
        }
    }

    func merge(of child: ChildID) async throws -> ChildMerge? {
        try await sql.select().columns("child_id", "into_child_id", "merged_at", "merged_by")
            .from("child_merges").where("child_id", .equal, SQLBind(child.description))
            .first(decoding: MergeRow.self, with: rowDecoder)?.merge()
    }

    func depth(ofFile file: ChildID) async throws -> Int {
        struct Row: Decodable { let depth: Int? }
        return try await sql.raw(
            """
            WITH RECURSIVE down(record, depth) AS (
              SELECT \(bind: file.description), 0
              UNION ALL SELECT m.child_id, down.depth + 1 FROM child_merges m
                JOIN down ON m.into_child_id = down.record WHERE down.depth < \(literal: Self.deepest))
            SELECT MAX(depth) AS depth FROM down
            """
        ).first(decoding: Row.self, with: rowDecoder)?.depth ?? 0
    }

    func widenExclusions(over records: [ChildID]) async throws {
        guard !records.isEmpty else { return }
        let ids = SQLBind.group(Set(records).map(\.description))
        try await sql.raw(
            """
            INSERT INTO child_exclusions (child_id, person_id, concern_id)
            SELECT about.child_id, away.person_id, about.concern_id
            FROM (SELECT id AS concern_id, child_id FROM concerns WHERE child_id IN \(ids)
                  UNION SELECT concern_id, child_id FROM concern_subjects WHERE child_id IN \(ids)) about,
                 (SELECT DISTINCT person_id FROM child_exclusions WHERE child_id IN \(ids)) away
            WHERE NOT EXISTS (SELECT 1 FROM child_exclusions e
                              WHERE e.concern_id = about.concern_id AND e.person_id = away.person_id)
            """
        ).run()
    }

    func widenExclusions(toHousehold household: [PersonID]) async throws {
        guard household.count > 1 else { return }
        let ids = SQLBind.group(Set(household).map(\.description))
        for member in Set(household) {
            try await sql.raw(
                """
                INSERT INTO child_exclusions (child_id, person_id, concern_id)
                SELECT DISTINCT e.child_id, \(bind: member.description), e.concern_id FROM child_exclusions e
                WHERE e.person_id IN \(ids) AND NOT EXISTS (SELECT 1 FROM child_exclusions x
                  WHERE x.child_id = e.child_id AND x.concern_id = e.concern_id
                    AND x.person_id = \(bind: member.description))
                """
            ).run()
        }
    }

    func lastConcerns(about children: [ChildID]) async throws -> [ChildID: Date] {
        guard !children.isEmpty else { return [:] }
        struct Row: Decodable {
            let childId: String
            let last: Int64
        }
        let ids = SQLBind.group(Set(children).map(\.description))
        let rows = try await sql.raw(
            """
            SELECT child_id, MAX(recorded_at) AS last FROM (
              SELECT child_id, recorded_at FROM concerns WHERE child_id IN \(ids)
              UNION ALL SELECT s.child_id, c.recorded_at FROM concern_subjects s JOIN concerns c ON c.id = s.concern_id
                WHERE s.child_id IN \(ids)) subjects GROUP BY child_id
            """
        ).all(decoding: Row.self, with: rowDecoder)
        var last: [ChildID: Date] = [:]
        for row in rows { if let id = ChildID(string: row.childId) { last[id] = Date(millis: row.last) } }
        return last
    }

    func merge(_ merge: ChildMerge) async throws {
        try await sql.insert(into: "child_merges").columns("child_id", "into_child_id", "merged_at", "merged_by")
            .values(
                SQLBind(merge.child.description), SQLBind(merge.into.description), SQLBind(merge.at.millis),
                SQLBind(merge.by.description)
            ).run()
    }

    func separate(_ child: ChildID) async throws {
        try await sql.delete(from: "child_merges").where("child_id", .equal, SQLBind(child.description)).run()
    }
}
