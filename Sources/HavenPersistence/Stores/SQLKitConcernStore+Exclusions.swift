import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// Issue 12.2: who a concern keeps away from a child's file (the person it is about, say), and
/// the questions asked of that on every read of a file, a concern or the inbox.
extension SQLKitConcernStore {
    func insertExclusions(of concern: Concern, children: [ChildID]) async throws {
        for child in children {
            for person in concern.route.excluded {
                try await sql.insert(into: "child_exclusions").columns("child_id", "person_id", "concern_id")
                    .values(SQLBind(child.description), SQLBind(person.description), SQLBind(concern.id.description))
                    .run()
            }
        }
    }

    // Issue 12.2: a file is kept away from a person when any record in it is: a concern about
    // a child recorded twice keeps the accused away from the whole merged file.
    func keepsAway(_ person: PersonID, fromChild child: ChildID) async throws -> Bool {
        try await childrenKeepingAway(person, among: [child]).contains(child)
    }

    func keepingAway(_ person: PersonID, among concerns: [ConcernID]) async throws -> Set<ConcernID> {
        guard !concerns.isEmpty else { return [] }
        struct Row: Decodable { let concernId: String }
        return Set(
            try await sql.select().column("concern_id").from("child_exclusions")
                .where("person_id", .equal, SQLBind(person.description))
                .where("concern_id", .in, SQLBind.group(Set(concerns).map(\.description)))
                .all(decoding: Row.self, with: rowDecoder).compactMap { ConcernID(string: $0.concernId) })
    }

    func untriagedKeepingAway(_ person: PersonID) async throws -> Int {
        struct Row: Decodable { let count: Int }
        return try await sql.raw(
            """
            SELECT COUNT(DISTINCT child_exclusions.concern_id) AS count FROM child_exclusions
            JOIN untriaged_concerns ON untriaged_concerns.concern_id = child_exclusions.concern_id
            WHERE child_exclusions.person_id = \(bind: person.description)
            """
        ).first(decoding: Row.self)?.count ?? 0
    }

    func childrenKeepingAway(_ person: PersonID, among children: [ChildID]) async throws -> Set<ChildID> {
        guard !children.isEmpty else { return [] }
        let files = try await files(of: children)
        let records = try await records(inFiles: Array(Set(files.values)))
        // Each record in each child's file, and the children among these whose file holds it.
        var holders: [String: Set<ChildID>] = [:]
        for child in children {
            let file = files[child] ?? child
            for record in records[file] ?? [file] { holders[record.description, default: []].insert(child) }
        }
        struct Row: Decodable { let childId: String }
        let excluded = try await sql.select().column("child_id").from("child_exclusions")
            .where("person_id", .equal, SQLBind(person.description))
            .where("child_id", .in, SQLBind.group(Array(holders.keys)))
            .all(decoding: Row.self, with: rowDecoder)
        return Set(excluded.flatMap { holders[$0.childId] ?? [] })
    }
}
