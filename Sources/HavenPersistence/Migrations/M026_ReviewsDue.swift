import FluentKit
import Foundation
import HavenDomain
import SQLKit

/// Issue 12.7, R3.1: the reviews the DSL has set, as a queue of their own: one row per concern
/// whose latest decision set a review date, with the action that decision set for it; replaced by
/// each later decision, gone when its action is done, and indexed by the day, so that the
/// dashboard reads only the reviews due however many concerns there are. Filled from the
/// decisions and actions already kept.
struct M026_ReviewsDue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews_due")
            .field("concern_id", .string, .identifier(auto: false))
            .field("review_on", .string, .required)
            .field("action_id", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "reviews_due_order").on("reviews_due").column("review_on").column("concern_id")
            .run()
        try await sql.create(index: "reviews_due_action").on("reviews_due").column("action_id").run()
        struct Row: Decodable { let body: String }
        var latest: [ConcernID: TriageDecision] = [:]
        for row in try await sql.select().column("body").from("triage_decisions").all(decoding: Row.self) {
            let decision = try TriageDecisionBodyV1.decode(row.body)
            if let kept = latest[decision.concernID], kept.decidedAt > decision.decidedAt { continue }
            latest[decision.concernID] = decision
        }
        for decision in latest.values {
            try await ReviewQueue.keep(decision, on: sql)
            // Its review action: the open action set with the decision, due on the review day.
            guard let day = decision.reviewDate else { continue }
            let actions = try await sql.select().column("body").from("case_actions")
                .where("concern_id", .equal, SQLBind(decision.concernID.description)).where(
                    "completed_at", .is, SQLLiteral.null
                )
                .all(decoding: Row.self).map { try CaseActionBodyV1.decode($0.body) }
            if let action = actions.first(where: { $0.createdAt == decision.decidedAt && $0.dueOn == day }) {
                try await ReviewQueue.link(decision.concernID, to: action.id, on: sql)
            }
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "reviews_due_action").run()
        try await sql.drop(index: "reviews_due_order").run()
        try await database.schema("reviews_due").delete()
    }
}

/// The queue of reviews: a decision replaces its concern's review with its own, if it set one;
/// its review action is linked once set, and doing that action takes the review off the queue.
enum ReviewQueue {
    static func link(_ concern: ConcernID, to action: CaseActionID, on sql: any SQLDatabase) async throws {
        try await sql.update("reviews_due").set("action_id", to: SQLBind(action.description))
            .where("concern_id", .equal, SQLBind(concern.description)).run()
    }

    static func actionDone(_ action: CaseActionID, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "reviews_due").where("action_id", .equal, SQLBind(action.description)).run()
    }

    static func keep(_ decision: TriageDecision, on sql: any SQLDatabase) async throws {
        try await sql.delete(from: "reviews_due").where("concern_id", .equal, SQLBind(decision.concernID.description))
            .run()
        guard let day = decision.reviewDate else { return }
        try await sql.insert(into: "reviews_due").columns("concern_id", "review_on").values(
            SQLBind(decision.concernID.description), SQLBind(day.iso)
        ).run()
    }
}
