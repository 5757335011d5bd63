import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R2: concerns, children and addenda on SQLite or PostgreSQL. Concerns are never updated.
struct SQLKitConcernStore: ConcernStore {
    let sql: any SQLDatabase
    /// R7.4: what was recorded, the children's details and addenda are sealed (issue 13.1).
    let sealer: DataSealer

    struct ConcernRow: Codable {
        let id: String
        let reference: String
        let childId: String
        let recordedBy: String
        let recordedAt: Int64
        let priority: Int
        let content: String
        let route: String

        func concern(_ sealer: DataSealer) throws -> Concern {
            guard let id = ConcernID(string: id), let child = ChildID(string: childId),
                let by = PersonID(string: recordedBy)
            else {
                throw PersistenceError.corruptRow(table: "concerns")
            }
            return Concern(
                id: id, childID: child, recordedBy: by, recordedAt: Date(millis: recordedAt),
                content: try ConcernContentV1.decode(
                    sealer.open(content, .concernContent, row: id.description, bound: [childId, recordedBy])),
                route: try AlertRouteV1.decode(route))
        }
    }

    struct ChildRow: Codable {
        let id: String
        let details: String
        let createdAt: Int64

        func record(_ sealer: DataSealer) throws -> ChildRecord {
            guard let id = ChildID(string: id) else { throw PersistenceError.corruptRow(table: "children") }
            return ChildRecord(
                id: id, details: try ChildDetailsV1.decode(sealer.open(details, .childDetails, row: id.description)),
                createdAt: Date(millis: createdAt))
        }
    }

    struct AddendumRow: Codable {
        let id: String
        let concernId: String
        let author: String
        let addedAt: Int64
        let reason: String
        let text: String

        func addendum(_ sealer: DataSealer) throws -> Addendum {
            guard let id = AddendumID(string: id), let concern = ConcernID(string: concernId),
                let author = PersonID(string: author), let reason = AddendumReason(rawValue: reason)
            else { throw PersistenceError.corruptRow(table: "addenda") }
            return Addendum(
                id: id, concernID: concern, author: author, addedAt: Date(millis: addedAt), reason: reason,
                text: try sealer.open(text, .addendumText, row: id.description, bound: [concernId, author.description]))
        }
    }

    // Inserts name their columns rather than encoding a row struct: they run for every concern.
    // The child a concern is about is `concerns.child_id`; `concern_subjects` holds the children
    // linked to it (older databases also hold a primary row there, which reads ignore).
    func insert(_ concern: Concern, child: ChildRecord, linkedChildren: [ChildRecord]) async throws {
        for record in [child] + linkedChildren {
            try await sql.insert(into: "children").columns("id", "details", "created_at", "sort_key", "born")
                .values(
                    SQLBind(record.id.description),
                    SQLBind(
                        try sealer.seal(
                            ChildDetailsV1.encode(record.details), .childDetails, row: record.id.description)),
                    SQLBind(record.createdAt.millis), SQLBind(NameKey.sortKey(record.details.displayName)),
                    SQLBind(ChildKeys.born(record.details))
                ).run()
            try await ChildNames.store(record.details.displayName, of: record.id.description, on: sql, updating: false)
            try await ChildKeys.store(record.details, of: record.id.description, on: sql, updating: false)
            if record.id == child.id { continue }
            try await sql.insert(into: "concern_subjects").columns("concern_id", "child_id", "is_primary")
                .values(SQLBind(concern.id.description), SQLBind(record.id.description), SQLBind(false)).run()
        }
        try await sql.insert(into: "concerns").columns(
            "id", "reference", "child_id", "recorded_by", "recorded_at", "priority", "content", "route"
        )
        .values(
            SQLBind(concern.id.description), SQLBind(concern.reference), SQLBind(concern.childID.description),
            SQLBind(concern.recordedBy.description), SQLBind(concern.recordedAt.millis),
            SQLBind(concern.priority.rawValue),
            SQLBind(
                try sealer.seal(
                    ConcernContentV1.encode(concern.content), .concernContent, row: concern.id.description,
                    bound: [concern.childID.description, concern.recordedBy.description])),
            SQLBind(try AlertRouteV1.encode(concern.route))
        ).run()
        // R3.1: it waits in the inbox until its first decision.
        try await sql.insert(into: "untriaged_concerns").columns("concern_id", "priority", "recorded_at")
            .values(
                SQLBind(concern.id.description), SQLBind(concern.priority.rawValue), SQLBind(concern.recordedAt.millis)
            ).run()
    }

    func find(_ id: ConcernID) async throws -> Concern? {
        try await sql.select().column("*").from("concerns").where("id", .equal, SQLBind(id.description))
            .first(decoding: ConcernRow.self, with: rowDecoder)?.concern(sealer)
    }

    func find(_ ids: [ConcernID]) async throws -> [Concern] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("*").from("concerns")
            .where("id", .in, SQLBind.group(Set(ids).map(\.description)))
            .all(decoding: ConcernRow.self, with: rowDecoder).map { try $0.concern(sealer) }
    }

    func child(_ id: ChildID) async throws -> ChildRecord? {
        try await children([id]).first
    }

    func children(_ ids: [ChildID]) async throws -> [ChildRecord] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("*").from("children").where(
            "id", .in, SQLBind.group(ids.map(\.description))
        )
        .all(decoding: ChildRow.self, with: rowDecoder).map { try $0.record(sealer) }
    }

    func subjects(of concern: ConcernID) async throws -> [ChildID] {
        struct Main: Decodable { let childId: String }
        guard
            let main = try await sql.select().column("child_id").from("concerns")
                .where("id", .equal, SQLBind(concern.description)).first(decoding: Main.self, with: rowDecoder)
                .flatMap({ ChildID(string: $0.childId) })
        else { return [] }
        return [main] + (try await linkedChildren(of: concern)).filter { $0 != main }
    }

    func linkedChildren(of concern: ConcernID) async throws -> [ChildID] {
        struct Subject: Decodable { let childId: String }
        return try await sql.select().column("child_id").from("concern_subjects")
            .where("concern_id", .equal, SQLBind(concern.description)).where("is_primary", .equal, SQLBind(false))
            .all(decoding: Subject.self, with: rowDecoder).compactMap { ChildID(string: $0.childId) }
    }

    func concerns(aboutChild child: ChildID) async throws -> [Concern] {
        try await sql.select().column("*").from("concerns")
            .where("child_id", .equal, SQLBind(child.description))
            .orWhere(
                SQLColumn("id"), .in,
                SQLGroupExpression(
                    sql.select().column("concern_id").from("concern_subjects")
                        .where("child_id", .equal, SQLBind(child.description)).query)
            )
            .orderBy("recorded_at")
            .all(decoding: ConcernRow.self, with: rowDecoder).map { try $0.concern(sealer) }
    }

    func insertAddendum(_ addendum: Addendum) async throws {
        try await sql.insert(into: "addenda").model(
            AddendumRow(
                id: addendum.id.description, concernId: addendum.concernID.description,
                author: addendum.author.description,
                addedAt: addendum.addedAt.millis, reason: addendum.reason.rawValue,
                text: try sealer.seal(
                    addendum.text, .addendumText, row: addendum.id.description,
                    bound: [addendum.concernID.description, addendum.author.description])),
            with: rowEncoder
        ).run()
    }

    func addenda(_ concern: ConcernID, by author: PersonID?, after position: AddendumPosition?, limit: Int)
        async throws -> [Addendum]
    {
        var query = sql.select().column("*").from("addenda").where("concern_id", .equal, SQLBind(concern.description))
        if let author { query = query.where("author", .equal, SQLBind(author.description)) }
        if let position {
            // By key: (added_at, id) after the last addendum of the previous page, which the index
            // in that order answers without reading the addenda before it.
            query = query.where(
                SQLQueryString(
                    "(added_at, id) > (\(bind: position.addedAtMillis), \(bind: position.addendumID.description))"))
        }
        return try await query.orderBy("added_at").orderBy("id").limit(limit)
            .all(decoding: AddendumRow.self, with: rowDecoder).map { try $0.addendum(sealer) }
    }

    func addenda(ids: [AddendumID]) async throws -> [Addendum] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("*").from("addenda")
            .where("id", .in, SQLBind.group(Set(ids).map(\.description)))
            .all(decoding: AddendumRow.self, with: rowDecoder).map { try $0.addendum(sealer) }
    }

    func untriaged(after position: InboxPosition?, limit: Int) async throws -> [UntriagedConcern] {
        struct Row: Decodable {
            let concernId: String
            let reference: String
            let childId: String
            let priority: Int
            let recordedAt: Int64
        }
        var query = sql.select().column(SQLColumn("concern_id", table: "u")).column(SQLColumn("reference", table: "c"))
            .column(SQLColumn("child_id", table: "c")).column(SQLColumn("priority", table: "u")).column(
                SQLColumn("recorded_at", table: "u")
            )
            .from(SQLAlias(SQLIdentifier("untriaged_concerns"), as: SQLIdentifier("u")))
            .join(
                SQLAlias(SQLIdentifier("concerns"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal,
                SQLColumn("concern_id", table: "u"))
        if let position {
            // By key: (priority, recorded_at, id) after the last row of the previous page, which the
            // index in that order answers without reading the rows before it.
            query = query.where(
                SQLQueryString(
                    "(u.priority, u.recorded_at, u.concern_id) > (\(bind: position.priority.rawValue), \(bind: position.recordedAtMillis), \(bind: position.concernID.description))"
                ))
        }
        return try await query.orderBy(SQLColumn("priority", table: "u")).orderBy(SQLColumn("recorded_at", table: "u"))
            .orderBy(SQLColumn("concern_id", table: "u")).limit(limit).all(decoding: Row.self, with: rowDecoder).map {
                row in
                guard let id = ConcernID(string: row.concernId), let child = ChildID(string: row.childId),
                    let priority = ConcernPriority(rawValue: row.priority)
                else { throw PersistenceError.corruptRow(table: "untriaged_concerns") }
                return UntriagedConcern(
                    concernID: id, reference: row.reference, childID: child, priority: priority,
                    recordedAt: Date(millis: row.recordedAt))
            }
    }

    func untriagedCount(upTo cap: Int) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.raw(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM untriaged_concerns LIMIT \(literal: cap)) AS waiting"
        ).first(decoding: Count.self)?.n ?? 0
    }

    func untriagedCounts(recordedBefore: Date?, upTo cap: Int, keepingAway person: PersonID) async throws
        -> [ConcernPriority: Int]
    {
        struct Count: Decodable { let n: Int }
        var counts: [ConcernPriority: Int] = [:]
        // One count per priority, each read from the inbox's index (priority, recorded_at).
        let before = recordedBefore?.millis ?? Int64.max
        for priority in ConcernPriority.allCases {
            let waiting =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM (SELECT 1 FROM untriaged_concerns \
                    WHERE priority = \(bind: priority.rawValue) AND recorded_at < \(bind: before) \
                    LIMIT \(literal: cap)) AS waiting
                    """
                ).first(decoding: Count.self)?.n ?? 0
            // Issue 12.3: the few that keep this person away, from the exclusions' side.
            let away =
                try await sql.raw(
                    """
                    SELECT COUNT(DISTINCT u.concern_id) AS n FROM child_exclusions e \
                    JOIN untriaged_concerns u ON u.concern_id = e.concern_id \
                    WHERE e.person_id = \(bind: person.description) AND u.priority = \(bind: priority.rawValue) \
                    AND u.recorded_at < \(bind: before)
                    """
                ).first(decoding: Count.self)?.n ?? 0
            // At the cap the count is "at least": nothing is taken off what was not counted.
            counts[priority] = waiting >= cap ? waiting : max(0, waiting - away)
        }
        return counts
    }

    func recorded(by person: PersonID) async throws -> [RecordedConcernSummary] {
        struct Row: Decodable {
            let id: String
            let reference: String
            let recordedAt: Int64
        }
        return try await sql.select().columns("id", "reference", "recorded_at").from("concerns")
            .where("recorded_by", .equal, SQLBind(person.description)).orderBy("recorded_at", .descending)
            .all(decoding: Row.self, with: rowDecoder).compactMap { row in
                ConcernID(string: row.id).map {
                    RecordedConcernSummary(
                        concernID: $0, reference: row.reference, recordedAt: Date(millis: row.recordedAt))
                }
            }
    }

    func children(after position: ChildListPosition?, limit: Int) async throws -> [ChildRecord] {
        // Issue 12.2: one line per file: a record merged into another file is listed with it.
        var query = sql.select().columns("id", "details", "created_at").from("children")
            .where(SQLQueryString("NOT EXISTS (SELECT 1 FROM child_merges m WHERE m.child_id = children.id)"))
        if let position {
            query = query.where(
                SQLQueryString("(sort_key, id) > (\(bind: position.sortKey), \(bind: position.childID.description))"))
        }
        return try await query.orderBy("sort_key").orderBy("id").limit(limit)
            .all(decoding: ChildRow.self, with: rowDecoder).map { try $0.record(sealer) }
    }

    func children(named terms: [String], limit: Int) async throws -> [ChildRecord] {
        guard !terms.isEmpty else { return [] }
        // Each term is the start of a word: a range on the words' index, from the term up to the
        // next string that does not begin with it. A child must match every term.
        let matches = terms.map { term in
            SQLQueryString(
                "SELECT child_id FROM child_name_words WHERE word >= \(bind: term) AND word < \(bind: term + "\u{10FFFF}")"
            )
        }
        var query = matches[0]
        for match in matches.dropFirst() { query = query + SQLQueryString(" INTERSECT ") + match }
        struct Match: Decodable { let childId: String }
        let found = try await sql.raw(query + SQLQueryString(" LIMIT \(literal: limit)")).all(
            decoding: Match.self, with: rowDecoder)
        // Issue 12.2: a record merged into another file is found as that file.
        let files = try await files(of: found.compactMap { ChildID(string: $0.childId) })
        return try await children(Array(Set(files.values))).sorted {
            (NameKey.sortKey($0.details.displayName), $0.id.description)
                < (NameKey.sortKey($1.details.displayName), $1.id.description)
        }
    }

    func count() async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("concerns")
            .first(decoding: Count.self)?.n ?? 0
    }
}
