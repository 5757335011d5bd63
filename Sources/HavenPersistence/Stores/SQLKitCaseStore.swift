import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R3.1–R3.3: decisions, actions and household links on SQLite or PostgreSQL. Values are
/// kept whole as JSON beside the columns that queries need.
struct SQLKitCaseStore: CaseStore {
    let sql: any SQLDatabase

    struct Body: Decodable { let body: String }

    func insertDecision(_ decision: TriageDecision) async throws {
        try await sql.insert(into: "triage_decisions").columns("id", "concern_id", "decided_at", "body")
            .values(
                SQLBind(decision.id.description), SQLBind(decision.concernID.description),
                SQLBind(decision.decidedAt.millis),
                SQLBind(try JSONColumn.encode(decision))
            ).run()
        // R3.1: decided, so no longer waiting in the inbox.
        try await sql.delete(from: "untriaged_concerns").where(
            "concern_id", .equal, SQLBind(decision.concernID.description)
        ).run()
    }

    func decisions(_ concern: ConcernID) async throws -> [TriageDecision] {
        try await decisions(concerns: [concern])
    }

    func decisions(concerns: [ConcernID]) async throws -> [TriageDecision] {
        guard !concerns.isEmpty else { return [] }
        return try await sql.select().column("body").from("triage_decisions")
            .where("concern_id", .in, SQLBind.group(concerns.map(\.description))).orderBy("decided_at")
            .all(decoding: Body.self).map { try JSONColumn.decode(TriageDecision.self, $0.body) }
    }

    func decisions(ids: [TriageID]) async throws -> [TriageDecision] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("body").from("triage_decisions")
            .where("id", .in, SQLBind.group(Set(ids).map(\.description)))
            .all(decoding: Body.self).map { try JSONColumn.decode(TriageDecision.self, $0.body) }
    }

    func actions(ids: [CaseActionID]) async throws -> [CaseAction] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("body").from("case_actions")
            .where("id", .in, SQLBind.group(Set(ids).map(\.description)))
            .all(decoding: Body.self).map { try JSONColumn.decode(CaseAction.self, $0.body) }
    }

    func delegations(ids: [String]) async throws -> [String: CaseDelegation] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            let id: String
            let body: String
        }
        let rows = try await sql.select().columns("id", "body").from("case_delegations")
            .where("id", .in, SQLBind.group(Array(Set(ids)))).all(decoding: Row.self)
        return Dictionary(
            try rows.map { ($0.id, try JSONColumn.decode(CaseDelegation.self, $0.body)) },
            uniquingKeysWith: { first, _ in first })
    }

    func insertAction(_ action: CaseAction) async throws {
        try await sql.insert(into: "case_actions").columns("id", "concern_id", "completed_at", "body")
            .values(
                SQLBind(action.id.description), SQLBind(action.concernID.description),
                SQLBind(action.completedAt?.millis),
                SQLBind(try JSONColumn.encode(action))
            ).run()
    }

    func action(_ id: CaseActionID) async throws -> CaseAction? {
        try await sql.select().column("body").from("case_actions").where("id", .equal, SQLBind(id.description))
            .first(decoding: Body.self).map { try JSONColumn.decode(CaseAction.self, $0.body) }
    }

    func actions(concerns: [ConcernID]) async throws -> [CaseAction] {
        guard !concerns.isEmpty else { return [] }
        return try await sql.select().column("body").from("case_actions")
            .where("concern_id", .in, SQLBind.group(concerns.map(\.description)))
            .all(decoding: Body.self).map { try JSONColumn.decode(CaseAction.self, $0.body) }.sorted {
                $0.createdAt < $1.createdAt
            }
    }

    func completeAction(_ id: CaseActionID, at: Date, by person: PersonID) async throws {
        guard var action = try await action(id) else { return }
        action.completedAt = at
        action.completedBy = person
        try await sql.update("case_actions").set("completed_at", to: SQLBind(at.millis)).set(
            "body", to: SQLBind(try JSONColumn.encode(action))
        )
        .where("id", .equal, SQLBind(id.description)).run()
    }

    func reassignAction(_ id: CaseActionID, to owner: PersonID) async throws {
        guard var action = try await action(id) else { return }
        action.owner = owner
        try await sql.update("case_actions").set("body", to: SQLBind(try JSONColumn.encode(action))).where(
            "id", .equal, SQLBind(id.description)
        ).run()
    }

    func openActions() async throws -> [CaseAction] {
        try await sql.select().column("body").from("case_actions").where("completed_at", .is, SQLLiteral.null)
            .all(decoding: Body.self).map { try JSONColumn.decode(CaseAction.self, $0.body) }.sorted {
                $0.dueOn < $1.dueOn
            }
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
            SQLBind(delegation.delegatedAt.millis), SQLBind(try JSONColumn.encode(delegation))
        ).run()
    }

    func delegations(_ concern: ConcernID) async throws -> [CaseDelegation] {
        try await sql.select().column("body").from("case_delegations").where(
            "concern_id", .equal, SQLBind(concern.description)
        )
        .orderBy("delegated_at").all(decoding: Body.self).map { try JSONColumn.decode(CaseDelegation.self, $0.body) }
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
