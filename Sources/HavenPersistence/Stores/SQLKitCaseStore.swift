import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R3.1–R3.3: decisions, actions and household links on SQLite or PostgreSQL. Values are
/// kept whole as JSON beside the columns that queries need.
struct SQLKitCaseStore: CaseStore {
    let sql: any SQLDatabase
    /// R7.4: decisions, actions, delegations and referral copies are sealed (issue 13.1).
    let sealer: DataSealer

    /// A sealed value and the row it belongs to.
    struct Body: Decodable {
        let id: String
        let concernId: String
        let body: String
    }

    /// The columns a `Body` is read from.
    static let bodyColumns = ["id", "concern_id", "body"]

    func decision(_ row: Body) throws -> TriageDecision {
        try TriageDecisionBodyV1.decode(sealer.open(row.body, .decision, row: row.id, bound: [row.concernId]))
    }

    func action(_ row: Body) throws -> CaseAction {
        try CaseActionBodyV1.decode(sealer.open(row.body, .action, row: row.id, bound: [row.concernId]))
    }

    func sealed(_ action: CaseAction) throws -> SQLBind {
        SQLBind(
            try sealer.seal(
                CaseActionBodyV1.encode(action), .action, row: action.id.description,
                bound: [action.concernID.description]))
    }

    func insertDecision(_ decision: TriageDecision) async throws {
        try await sql.insert(into: "triage_decisions").columns("id", "concern_id", "decided_at", "body")
            .values(
                SQLBind(decision.id.description), SQLBind(decision.concernID.description),
                SQLBind(decision.decidedAt.millis),
                SQLBind(
                    try sealer.seal(
                        TriageDecisionBodyV1.encode(decision), .decision, row: decision.id.description,
                        bound: [decision.concernID.description]))
            ).run()
        // R3.1: decided, so no longer waiting in the inbox.
        try await sql.delete(from: "untriaged_concerns").where(
            "concern_id", .equal, SQLBind(decision.concernID.description)
        ).run()
        // Issue 12.7: the concern's review is now this decision's, if it set one.
        try await ReviewQueue.keep(decision, on: sql)
    }

    func decisions(_ concern: ConcernID) async throws -> [TriageDecision] {
        try await decisions(concerns: [concern])
    }

    func decisions(concerns: [ConcernID]) async throws -> [TriageDecision] {
        guard !concerns.isEmpty else { return [] }
        return try await sql.select().columns(Self.bodyColumns).from("triage_decisions")
            .where("concern_id", .in, SQLBind.group(concerns.map(\.description))).orderBy("decided_at")
            .all(decoding: Body.self, with: rowDecoder).map(decision)
    }

    func decisions(ids: [TriageID]) async throws -> [TriageDecision] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().columns(Self.bodyColumns).from("triage_decisions")
            .where("id", .in, SQLBind.group(Set(ids).map(\.description)))
            .all(decoding: Body.self, with: rowDecoder).map(decision)
    }

    func actions(ids: [CaseActionID]) async throws -> [CaseAction] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().columns(Self.bodyColumns).from("case_actions")
            .where("id", .in, SQLBind.group(Set(ids).map(\.description)))
            .all(decoding: Body.self, with: rowDecoder).map(action)
    }

    func delegations(ids: [String]) async throws -> [String: CaseDelegation] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.select().columns("id", "concern_id", "delegate_id", "body").from("case_delegations")
            .where("id", .in, SQLBind.group(Array(Set(ids)))).all(decoding: DelegationRow.self, with: rowDecoder)
        return Dictionary(try rows.map { ($0.id, try delegation($0)) }, uniquingKeysWith: { first, _ in first })
    }

    struct DelegationRow: Decodable {
        let id: String
        let concernId: String
        let delegateId: String
        let body: String
    }

    func delegation(_ row: DelegationRow) throws -> CaseDelegation {
        try CaseDelegationBodyV1.decode(
            sealer.open(row.body, .delegation, row: row.id, bound: [row.concernId, row.delegateId]))
    }

    func insertAction(_ action: CaseAction) async throws {
        try await sql.insert(into: "case_actions").columns("id", "concern_id", "completed_at", "body")
            .values(
                SQLBind(action.id.description), SQLBind(action.concernID.description),
                SQLBind(action.completedAt?.millis),
                try sealed(action)
            ).run()
        // R3.3: open until it is completed.
        if action.completedAt == nil { try await Self.open(action, on: sql) }
    }

    func action(_ id: CaseActionID) async throws -> CaseAction? {
        try await sql.select().columns(Self.bodyColumns).from("case_actions").where(
            "id", .equal, SQLBind(id.description)
        )
        .first(decoding: Body.self, with: rowDecoder).map(action)
    }

    func actions(concerns: [ConcernID]) async throws -> [CaseAction] {
        guard !concerns.isEmpty else { return [] }
        return try await sql.select().columns(Self.bodyColumns).from("case_actions")
            .where("concern_id", .in, SQLBind.group(concerns.map(\.description)))
            .all(decoding: Body.self, with: rowDecoder).map(action).sorted {
                $0.createdAt < $1.createdAt
            }
    }

    func completeAction(_ id: CaseActionID, at: Date, by person: PersonID) async throws {
        guard var action = try await action(id) else { return }
        action.completedAt = at
        action.completedBy = person
        try await sql.update("case_actions").set("completed_at", to: SQLBind(at.millis)).set(
            "body", to: try sealed(action)
        )
        .where("id", .equal, SQLBind(id.description)).run()
        try await sql.delete(from: "open_actions").where("action_id", .equal, SQLBind(id.description)).run()
        // Issue 12.7: a review done is no longer due.
        try await ReviewQueue.actionDone(id, on: sql)
    }

    func reassignAction(_ id: CaseActionID, to owner: PersonID) async throws {
        guard var action = try await action(id) else { return }
        action.owner = owner
        try await sql.update("case_actions").set("body", to: try sealed(action)).where(
            "id", .equal, SQLBind(id.description)
        ).run()
        try await sql.update("open_actions").set("owner_id", to: SQLBind(owner.description))
            .where("action_id", .equal, SQLBind(id.description)).run()
    }

    func openActions(after position: OpenActionPosition?, limit: Int) async throws -> [CaseAction] {
        struct Row: Decodable { let actionId: String }
        var query = sql.select().column("action_id").from("open_actions")
        if let position {
            query = query.where(
                SQLQueryString(
                    "(due_on, action_id) > (\(bind: position.dueOn.iso), \(bind: position.actionID.description))"))
        }
        let ids = try await query.orderBy("due_on").orderBy("action_id").limit(limit)
            .all(decoding: Row.self, with: rowDecoder).compactMap { CaseActionID(string: $0.actionId) }
        let actions = Dictionary(try await actions(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { actions[$0] }
    }

    func openActionCounts(overdueBefore today: Day) async throws -> OpenActionCounts {
        struct Count: Decodable { let n: Int }
        func count(_ query: SQLSelectBuilder) async throws -> Int {
            try await query.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").first(decoding: Count.self)?.n
                ?? 0
        }
        return OpenActionCounts(
            open: try await count(sql.select().from("open_actions")),
            overdue: try await count(sql.select().from("open_actions").where("due_on", .lessThan, SQLBind(today.iso))))
    }

    func reviewsDue(onOrBefore day: Day, limit: Int) async throws -> [DueReview] {
        struct Row: Decodable {
            let concernId: String
            let reference: String
            let reviewOn: String
        }
        return try await sql.select().column(SQLColumn("concern_id", table: "r"))
            .column(SQLColumn("review_on", table: "r")).column(SQLColumn("reference", table: "c"))
            .from(SQLAlias(SQLIdentifier("reviews_due"), as: SQLIdentifier("r")))
            .join(
                SQLAlias(SQLIdentifier("concerns"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal,
                SQLColumn("concern_id", table: "r")
            )
            .where(SQLColumn("review_on", table: "r"), .lessThanOrEqual, SQLBind(day.iso))
            .orderBy(SQLColumn("review_on", table: "r")).orderBy(SQLColumn("concern_id", table: "r")).limit(limit)
            .all(decoding: Row.self, with: rowDecoder).map { row in
                guard let id = ConcernID(string: row.concernId), let on = Day(iso: row.reviewOn) else {
                    throw PersistenceError.corruptRow(table: "reviews_due")
                }
                return DueReview(concernID: id, reference: row.reference, reviewOn: on)
            }
    }

    func reviewsDueCount(onOrBefore day: Day, upTo cap: Int) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM reviews_due WHERE review_on <= \(bind: day.iso) \
            LIMIT \(literal: cap)) AS due
            """
        ).first(decoding: Count.self)?.n ?? 0
    }

    func startAllegation(_ concern: ConcernID, at: Date, by person: PersonID) async throws {
        try await sql.insert(into: "allegations_started").columns("concern_id", "started_at", "started_by")
            .values(SQLBind(concern.description), SQLBind(at.millis), SQLBind(person.description))
            .ignoringConflicts().run()
    }

    func allegationsStarted(concerns: [ConcernID]?, limit: Int) async throws -> [StartedAllegation] {
        struct Row: Decodable {
            let concernId: String
            let reference: String
            let startedAt: Int64
            let startedBy: String
        }
        var query = sql.select().column(SQLColumn("concern_id", table: "a"))
            .column(SQLColumn("started_at", table: "a")).column(SQLColumn("started_by", table: "a"))
            .column(SQLColumn("reference", table: "c"))
            .from(SQLAlias(SQLIdentifier("allegations_started"), as: SQLIdentifier("a")))
            .join(
                SQLAlias(SQLIdentifier("concerns"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal,
                SQLColumn("concern_id", table: "a"))
        if let concerns {
            guard !concerns.isEmpty else { return [] }
            query = query.where(
                SQLColumn("concern_id", table: "a"), .in, SQLBind.group(Set(concerns).map(\.description)))
        }
        return try await query.orderBy(SQLColumn("started_at", table: "a")).orderBy(SQLColumn("concern_id", table: "a"))
            .limit(limit).all(decoding: Row.self, with: rowDecoder).map { row in
                guard let id = ConcernID(string: row.concernId), let by = PersonID(string: row.startedBy) else {
                    throw PersistenceError.corruptRow(table: "allegations_started")
                }
                return StartedAllegation(
                    concernID: id, reference: row.reference, startedAt: Date(millis: row.startedAt), startedBy: by)
            }
    }

    func reviewAction(of concern: ConcernID) async throws -> CaseActionID? {
        struct Row: Decodable { let actionId: String? }
        return try await sql.select().column("action_id").from("reviews_due")
            .where("concern_id", .equal, SQLBind(concern.description)).first(decoding: Row.self, with: rowDecoder)?
            .actionId.flatMap(CaseActionID.init(string:))
    }

    func linkReview(of concern: ConcernID, to action: CaseActionID) async throws {
        try await ReviewQueue.link(concern, to: action, on: sql)
    }

    func reviewActions(among actions: [CaseActionID]) async throws -> Set<CaseActionID> {
        guard !actions.isEmpty else { return [] }
        struct Row: Decodable { let actionId: String }
        return Set(
            try await sql.select().column("action_id").from("reviews_due")
                .where("action_id", .in, SQLBind.group(Set(actions).map(\.description)))
                .all(decoding: Row.self, with: rowDecoder).compactMap { CaseActionID(string: $0.actionId) })
    }

    func reviewActionsOverdueCount(before today: Day, upTo cap: Int) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM reviews_due WHERE review_on < \(bind: today.iso) \
            AND action_id IS NOT NULL LIMIT \(literal: cap)) AS due
            """
        ).first(decoding: Count.self)?.n ?? 0
    }

    func openActions(ownedBy owner: PersonID, limit: Int) async throws -> [CaseAction] {
        struct Row: Decodable { let actionId: String }
        let ids = try await sql.select().column("action_id").from("open_actions")
            .where("owner_id", .equal, SQLBind(owner.description)).orderBy("due_on").orderBy("action_id")
            .limit(limit).all(decoding: Row.self, with: rowDecoder).compactMap { CaseActionID(string: $0.actionId) }
        let actions = Dictionary(try await actions(ids: ids).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { actions[$0] }
    }

    func keptAwayCounts(_ person: PersonID, overdueBefore today: Day, reviewsOnOrBefore day: Day) async throws -> (
        overdueActions: Int, reviews: Int
    ) {
        struct Count: Decodable { let n: Int }
        let actions =
            try await sql.raw(
                """
                SELECT COUNT(DISTINCT o.action_id) AS n FROM child_exclusions e \
                JOIN case_actions a ON a.concern_id = e.concern_id \
                JOIN open_actions o ON o.action_id = a.id \
                WHERE e.person_id = \(bind: person.description) AND o.due_on < \(bind: today.iso) \
                AND NOT EXISTS (SELECT 1 FROM reviews_due r WHERE r.action_id = o.action_id)
                """
            ).first(decoding: Count.self)?.n ?? 0
        let reviews =
            try await sql.raw(
                """
                SELECT COUNT(DISTINCT r.concern_id) AS n FROM child_exclusions e \
                JOIN reviews_due r ON r.concern_id = e.concern_id \
                WHERE e.person_id = \(bind: person.description) AND r.review_on <= \(bind: day.iso)
                """
            ).first(decoding: Count.self)?.n ?? 0
        return (actions, reviews)
    }

    func openActions(ownedBy owner: PersonID) async throws -> [CaseAction] {
        struct Row: Decodable { let actionId: String }
        let ids = try await sql.select().column("action_id").from("open_actions")
            .where("owner_id", .equal, SQLBind(owner.description)).all(decoding: Row.self, with: rowDecoder)
            .compactMap { CaseActionID(string: $0.actionId) }
        return try await actions(ids: ids).sorted { ($0.dueOn, $0.id.description) < ($1.dueOn, $1.id.description) }
    }

    /// Puts an action in the open queue.
    static func open(_ action: CaseAction, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: "open_actions").columns("action_id", "due_on", "owner_id").values(
            SQLBind(action.id.description), SQLBind(action.dueOn.iso), SQLBind(action.owner.description)
        ).run()
    }

    func linkHousehold(_ a: ChildID, _ b: ChildID) async throws {
        let (first, second) = a.description < b.description ? (a, b) : (b, a)
        try await sql.insert(into: "household_links").columns("child_a", "child_b")
            .values(SQLBind(first.description), SQLBind(second.description)).ignoringConflicts().run()
    }

    func household(of child: ChildID) async throws -> [ChildID] {
        struct Link: Decodable {
            let childA: String
            let childB: String
        }
        let id = child.description
        return try await sql.select().columns("child_a", "child_b").from("household_links")
            .where("child_a", .equal, SQLBind(id)).orWhere("child_b", .equal, SQLBind(id)).all(
                decoding: Link.self, with: rowDecoder
            )
            .compactMap { ChildID(string: $0.childA == id ? $0.childB : $0.childA) }
    }

    func insertDelegation(_ delegation: CaseDelegation, id: String) async throws {
        try await sql.insert(into: "case_delegations").columns(
            "id", "concern_id", "delegate_id", "delegated_at", "body"
        )
        .values(
            SQLBind(id), SQLBind(delegation.concernID.description), SQLBind(delegation.delegate.description),
            SQLBind(delegation.delegatedAt.millis),
            SQLBind(
                try sealer.seal(
                    CaseDelegationBodyV1.encode(delegation), .delegation, row: id,
                    bound: [delegation.concernID.description, delegation.delegate.description]))
        ).run()
    }

    func delegations(_ concern: ConcernID) async throws -> [CaseDelegation] {
        try await sql.select().columns("id", "concern_id", "delegate_id", "body").from("case_delegations").where(
            "concern_id", .equal, SQLBind(concern.description)
        )
        .orderBy("delegated_at").all(decoding: DelegationRow.self, with: rowDecoder).map(delegation)
    }

    func concernsDelegated(to person: PersonID) async throws -> [ConcernID] {
        struct Row: Decodable { let concernId: String }
        let candidates = try await sql.select().column("concern_id").from("case_delegations")
            .where("delegate_id", .equal, SQLBind(person.description)).all(decoding: Row.self, with: rowDecoder)
            .compactMap {
                ConcernID(string: $0.concernId)
            }
        var current: [ConcernID] = []
        for concern in Set(candidates) where try await currentDelegate(concern) == person { current.append(concern) }
        return current.sorted { $0.description < $1.description }
    }
}
