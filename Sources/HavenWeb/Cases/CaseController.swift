import HavenDomain
import HavenFeatures
import Vapor

/// R3.1–R3.3: the DSL's inbox, triage decisions and actions.
struct CaseController {
    struct InboxPage: Encodable {
        struct Line: Encodable {
            let concernID: String
            let reference: String
            let childName: String
            let priority: String
            let urgent: Bool
            let recordedAt: String
            let due: String
            let late: Bool
        }
        struct ActionLine: Encodable {
            let id: String
            let concernID: String
            let description: String
            let owner: String
            let due: String
            let overdue: Bool
        }
        let entries: [Line]
        let actions: [ActionLine]
        let overdueCount: Int
        /// R3.3: open actions in all; the page shows the soonest due.
        let openCount: Int
        let shownActions: Int
        let moreActions: Bool
        let waiting: Int
        let waitingAtLeast: Bool
        let next: String?
        /// Whether this is a later page (then it links back to the first).
        let laterPage: Bool
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "inbox", access: .permission(.viewInbox), use: inbox)
        // Deciding and actions are checked against the concern itself: its DSL, deputies or delegate.
        // A refused decision, action or delegation comes back on the concern's page, filled in.
        let concernPage = ConcernController().show
        routes.on(.POST, "concerns", ":concernID", "triage", access: .perRecord, formPage: concernPage, use: triage)
        routes.on(
            .POST, "concerns", ":concernID", "actions", access: .perRecord, formPage: concernPage, use: setAction)
        routes.on(.POST, "actions", ":actionID", "complete", access: .perRecord, use: completeAction)
        routes.on(
            .POST, "concerns", ":concernID", "delegate", access: .permission(.delegateCase), formPage: concernPage,
            use: delegate)
        routes.on(
            .POST, "concerns", ":concernID", "allegation", access: .permission(.manageCase), formPage: concernPage,
            use: startAllegation)
    }

    /// Issue 12.7, R2.6: an allegation record started from the concern (once), back to the concern.
    @Sendable func startAllegation(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        try await StartAllegation(req.haven)(from: id, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)#allegation")
    }

    @Sendable func inbox(_ req: Request) async throws -> Response {
        let position = try req.inboxPosition()
        let inbox = try await ViewInbox(req.haven)(after: position, by: try req.actor)
        let now = req.haven.clock.now()
        return try await req.page(
            "inbox",
            InboxPage(
                entries: inbox.entries.map {
                    .init(
                        concernID: $0.concernID.description, reference: $0.reference, childName: req.text($0.childName),
                        priority: req.text($0.priority.title),
                        urgent: $0.priority == .urgent, recordedAt: req.display($0.recordedAt),
                        due: Self.byTheEndOf($0.triageDue, req), late: $0.isLate)
                },
                actions: inbox.openActions.map {
                    .init(
                        id: $0.id.description, concernID: $0.concernID.description, description: $0.description,
                        owner: inbox.names[$0.owner] ?? req.text("person.unknown"), due: req.words.day($0.dueOn),
                        overdue: $0.isOverdue(at: now, calendar: req.haven.calendar))
                },
                overdueCount: inbox.actionCounts.overdue, openCount: inbox.actionCounts.open,
                shownActions: inbox.openActions.count, moreActions: inbox.actionCounts.open > inbox.openActions.count,
                waiting: inbox.waiting, waitingAtLeast: inbox.waitingAtLeast, next: inbox.next?.token,
                laterPage: position != nil))
    }

    /// R3.1: a triage deadline is the end of a working day where the organisation is; it is
    /// shown as that day ("By the end of Mon 30 Nov 2026"), not as the next day's midnight.
    static func byTheEndOf(_ deadline: Date, _ req: Request) -> String {
        req.text("inbox.byTheEndOf", ["day": .day(req.haven.calendar.day(of: deadline.addingTimeInterval(-1)))])
    }

    @Sendable func triage(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        let input = try req.content.decode(TriageDecisionInput.self).checked(req)
        _ = try await TriageConcern(req.haven)(id, input, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)")
    }

    @Sendable func setAction(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        let form = try req.content.decode(ActionInput.self)
        _ = try await SetAction(req.haven)(
            on: id, description: form.description, owner: form.owner, dueOn: form.dueOn, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)")
    }

    @Sendable func delegate(_ req: Request) async throws -> Response {
        let id: ConcernID = try req.parameterID("concernID")
        let form = try req.content.decode(DelegationInput.self)
        _ = try await DelegateCase(req.haven)(id, to: form.delegate, note: form.note, by: try req.actor)
        return req.redirect(to: "/concerns/\(id)")
    }

    @Sendable func completeAction(_ req: Request) async throws -> Response {
        let action = try await CompleteAction(req.haven)(try req.parameterID("actionID"), by: try req.actor)
        // Issue 12.7: done from the home page, or by its owner who does not lead (and may not
        // read the concern, whose address would say which concern it was), back home.
        let actor = try req.actor
        if (try? req.content.get(String.self, at: "from")) == "home"
            || (!actor.isSafeguardingLead && action.owner == actor.person)
        {
            return req.redirect(to: "/?done=action#my-actions")
        }
        return req.redirect(to: "/concerns/\(action.concernID)")
    }
}
