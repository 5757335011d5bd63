import HavenDomain
import HavenFeatures
import Vapor

/// The API's case handling: triage, actions, delegation, the inbox and a child's file
/// (documented in OpenAPI/cases.json). The same use cases and access rules as the pages.
struct CasesAPI {
    struct InboxOut: APIBody {
        struct Entry: APIBody {
            let concernID: String
            let reference: String
            let childID: String
            let childName: String
            let priority: String
            let recordedAt: Date
            let triageDue: Date
            let late: Bool
        }
        let entries: [Entry]
        let overdueActions: Int
        /// How many concerns wait in all, and where the next page starts (`?after=`), if any.
        let waiting: Int
        /// True when at least `waiting` wait: the count stops at 1,000.
        let waitingAtLeast: Bool
        let next: String?
    }
    struct ChronologyOut: APIBody {
        struct Entry: APIBody {
            let at: Date
            let kind: String
            let concernID: String
            let reference: String
            let summary: String
            let detail: String?
            let by: String
            let categories: [String]
        }
        struct Relative: APIBody {
            let id: String
            let name: String
        }
        let childID: String
        let childName: String
        let entries: [Entry]
        let household: [Relative]
        /// Where the next page starts (`?after=`), if there is one.
        let next: String?
    }
    struct AccessLogOut: APIBody {
        struct Line: APIBody {
            let at: Date
            let who: String
            let action: String
            let subject: String
            let reason: String?
        }
        let childID: String
        let lines: [Line]
        /// The `before` that reads the next (older) page, if there is one.
        let next: String?
    }

    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.on(.POST, "concerns", ":concernID", "triage", access: .perRecord, use: triage)
        api.on(.POST, "concerns", ":concernID", "actions", access: .perRecord, use: action)
        api.on(.POST, "concerns", ":concernID", "delegation", access: .permission(.delegateCase), use: delegate)
        api.on(.POST, "concerns", ":concernID", "allegation", access: .permission(.manageCase), use: allegation)
        api.on(.GET, "inbox", access: .permission(.viewInbox), use: inbox)
        api.on(.GET, "children", ":childID", "chronology", access: .permission(.viewChildFile), use: chronology)
        api.on(.GET, "children", ":childID", "access-log", access: .permission(.viewAccessLog), use: accessLog)
    }

    @Sendable func triage(_ req: Request) async throws -> Response {
        let input = try req.content.decode(TriageDecisionInput.self).checked(req)
        let decision = try await TriageConcern(req.haven)(try req.parameterID("concernID"), input, by: try req.actor)
        return try await CreatedID(id: decision.id.description).encodeResponse(status: .created, for: req)
    }

    @Sendable func action(_ req: Request) async throws -> Response {
        let input = try req.content.decode(ActionInput.self)
        let action = try await SetAction(req.haven)(
            on: try req.parameterID("concernID"), description: input.description, owner: input.owner,
            dueOn: input.dueOn, by: try req.actor)
        return try await CreatedID(id: action.id.description).encodeResponse(status: .created, for: req)
    }

    @Sendable func delegate(_ req: Request) async throws -> Response {
        let input = try req.content.decode(DelegationInput.self)
        _ = try await DelegateCase(req.haven)(
            try req.parameterID("concernID"), to: input.delegate, note: input.note, by: try req.actor)
        return Response(status: .noContent)
    }

    /// Issue 12.7, R2.6: an allegation record started from the concern (once: sent again, the
    /// first is the answer).
    struct AllegationOut: APIBody {
        let concernID: String
        let startedAt: Date
        let startedBy: String
    }

    @Sendable func allegation(_ req: Request) async throws -> Response {
        let started = try await StartAllegation(req.haven)(from: try req.parameterID("concernID"), by: try req.actor)
        return try await AllegationOut(
            concernID: started.concernID.description, startedAt: started.startedAt,
            startedBy: started.startedBy.description
        ).encodeResponse(status: .created, for: req)
    }

    @Sendable func inbox(_ req: Request) async throws -> InboxOut {
        let inbox = try await ViewInbox(req.haven)(after: try req.inboxPosition(), by: try req.actor)
        return InboxOut(
            entries: inbox.entries.map {
                .init(
                    concernID: $0.concernID.description, reference: $0.reference, childID: $0.childID.description,
                    childName: req.text($0.childName),
                    priority: "\($0.priority)", recordedAt: $0.recordedAt, triageDue: $0.triageDue, late: $0.isLate)
            }, overdueActions: inbox.actionCounts.overdue, waiting: inbox.waiting,
            waitingAtLeast: inbox.waitingAtLeast, next: inbox.next?.token)
    }

    @Sendable func chronology(_ req: Request) async throws -> ChronologyOut {
        let order =
            (try? req.query.get(String.self, at: "order")).flatMap(ChronologyOrder.init(rawValue:)) ?? .newestFirst
        let category = try req.chronologyCategory()
        let reason = try FileOpeningReason.validated(
            purpose: try? req.query.get(String.self, at: "reason"),
            note: try? req.query.get(String.self, at: "reasonNote"))
        let file = try await OpenChildFile(req.haven)(
            try req.parameterID("childID"), order: order, category: category, after: try req.chronologyPosition(),
            reason: reason, by: try req.actor)
        return ChronologyOut(
            childID: file.child.id.description, childName: file.child.details.displayName,
            entries: file.chronology.entries.map {
                .init(
                    at: $0.at, kind: $0.kind.rawValue, concernID: $0.concernID.description,
                    reference: $0.concernReference, summary: req.text($0.summary),
                    detail: $0.detail.map { req.text($0) }, by: req.text($0.by),
                    categories: $0.categories.map(\.rawValue))
            }, household: file.household.map { .init(id: $0.id.description, name: $0.details.displayName) },
            next: file.chronology.next?.token)
    }

    @Sendable func accessLog(_ req: Request) async throws -> AccessLogOut {
        let log = try await ViewAccessLog(req.haven)(
            try req.parameterID("childID"), before: try req.accessLogBefore(), by: try req.actor)
        return AccessLogOut(
            childID: log.child.id.description,
            lines: log.lines.map {
                .init(
                    at: $0.at, who: req.text($0.who), action: req.text($0.action), subject: req.text($0.subject),
                    reason: $0.reason.map { req.text($0) })
            }, next: log.next.map(String.init))
    }
}
