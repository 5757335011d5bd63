import HavenDomain
import HavenFeatures
import Vapor

/// The start page, the contacts directory, guidance and the health check.
struct HomeController {
    struct HomePage: Encodable {
        struct Receipt: Encodable {
            let concernID: String
            let reference: String
            let recordedAt: String
        }
        struct Alert: Encodable {
            let concernID: String
            let reference: String
            let priority: String
            let urgent: Bool
            let at: String
        }
        let receipts: [Receipt]
        let delegated: [Receipt]
        /// Issue 12.3: concerns the alert chain sent this manager, still theirs to handle.
        let fromChain: [Receipt]
        let alerts: [Alert]
        let unavailable: Bool
        let hasSecondFactor: Bool
        let emergency: EmergencyGuidance
        struct Note: Encodable {
            let message: String
            let link: String?
            let at: String
        }
        let notices: [Note]
        let pendingApprovals: Int
        let keptForms: Int
        let dashboard: DashboardPart?
        /// The actions given to this person (nil until the second factor), and how many there are.
        let myActions: [OwnActionLine]?
        let myActionsCount: Int
        /// An action of theirs was just marked done (`?done=action`).
        let actionDone: Bool
        /// Issue 13.3: an administrator (without the DSL's dashboard, which says so itself) is
        /// told that there is no mail server, so the people they add are sent no link.
        let emailOffForAdministrator: Bool
        /// Issue 13.3: for an administrator without the DSL's dashboard, email held up (an
        /// address the mail server refuses is theirs to correct).
        let emailForAdministrator: EmailNotice?
    }

    /// Issue 12.7: the DSL's dashboard.
    struct DashboardPart: Encodable {
        struct Waiting: Encodable {
            let priority: String
            let urgent: Bool
            let waiting: String
            let late: String
            let anyLate: Bool
        }
        struct Overdue: Encodable {
            let concernID: String
            let reference: String
            let child: String
            let description: String
            let owner: String
            let due: String
            /// "3 days late"
            let late: String
        }
        struct Review: Encodable {
            let concernID: String
            let reference: String
            let child: String
            let on: String
        }
        let waiting: [Waiting]
        let overdue: [Overdue]
        let overdueCount: String
        let reviews: [Review]
        let reviewsCount: String
        /// R2.6: allegation records started, waiting for the allegations module.
        let allegations: [Review]
        /// Issue 13.3: alert email not set up, or held up; nil while it goes out.
        let email: EmailNotice?
    }

    struct EmailNotice: Encodable {
        let text: String
        let late: Bool
    }

    /// Issue 13.3: what the DSL is told of alert email, in words.
    static func emailNotice(_ email: EmailDelivery, req: Request) -> EmailNotice? {
        guard email.configured else { return EmailNotice(text: req.text("home.email-not-configured"), late: false) }
        guard let oldest = email.oldestUnsent, email.late || oldest.attempts > 0 else { return nil }
        let reason: String =
            switch oldest.failure {
            case nil: req.text("home.email-failure.waiting")
            case .noAnswer: req.text("home.email-failure.no_answer")
            case .refused: req.text("home.email-failure.refused")
            case .closed: req.text("home.email-failure.closed")
            case .invalidAddress: req.text("home.email-failure.invalid_address")
            case .cannotConnect: req.text("home.email-failure.cannot_connect")
            case .unavailable: req.text("home.email-failure.unavailable")
            case .notSecure: req.text("home.email-failure.not_secure")
            case .signInRefused: req.text("home.email-failure.sign_in_refused")
            case .keyNotHeld: req.text("home.email-failure.key_not_held")
            case .other: req.text("home.email-failure.other")
            }
        return EmailNotice(
            text: req.text(
                "home.email-held-up",
                [
                    "to": .words(.isolated(oldest.to)), "since": .text(req.display(oldest.createdAt)),
                    "reason": .text(reason),
                ]),
            late: email.late)
    }

    /// Issue 12.7: an action given to the person reading, with what they need to do it.
    struct OwnActionLine: Encodable {
        let id: String
        let description: String
        let due: String
        let setBy: String?
        let overdue: Bool
        /// For a lead: the concern it is about, which they may open.
        let concernID: String?
        let reference: String?
    }

    struct ContactsPage: Encodable { let contacts: [ContactLine] }
    struct GuidancePage: Encodable { let categories: [Choice] }
    struct AvailabilityForm: Content { let unavailable: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "healthz", access: .open, sessionless: true, use: health)
        routes.on(.GET, access: .signedIn, use: home)
        routes.on(.GET, "contacts", access: .permission(.viewContacts), use: contacts)
        routes.on(.GET, "guidance", access: .open, use: guidance)
        routes.on(.POST, "availability", access: .permission(.setOwnAvailability), use: setAvailability)
    }

    /// Answers 200 without signing in, and says nothing else.
    @Sendable func health(_ req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .init(string: "ok\n"))
    }

    @Sendable func home(_ req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        let receipts = try await ListMyConcerns(req.haven)(by: signedIn.actor)
        let alerts = try await MyAlerts(req.haven)(by: signedIn.actor)
        let delegated = try await ListDelegatedCases(req.haven)(by: signedIn.actor)
        let fromChain = try await ListDelegatedCases(req.haven).fromChain(by: signedIn.actor)
        // With the second factor, the person's actions are read (and the listing audited) once;
        // before it, only how many there are, to say that something is waiting.
        let mine: [OwnAction]? =
            signedIn.actor.secondFactorPassed ? try await MyActions(req.haven)(by: signedIn.actor) : nil
        var myCount = mine?.count ?? 0
        if mine == nil { myCount = try await MyActions(req.haven).count(by: signedIn.actor) }
        let administratorOnly =
            signedIn.actor.roles.contains(.administrator)
            && !(signedIn.actor.isSafeguardingLead && signedIn.actor.secondFactorPassed)
        let emailDelivery =
            administratorOnly && req.haven.emailConfigured
            ? try? await ReadEmailDelivery(req.haven)(by: signedIn.actor) : nil
        return try await req.page(
            "home",
            HomePage(
                receipts: receipts.prefix(20).map {
                    .init(
                        concernID: $0.concernID.description, reference: $0.reference,
                        recordedAt: req.display($0.recordedAt))
                },
                delegated: delegated.map {
                    .init(
                        concernID: $0.concernID.description, reference: $0.reference,
                        recordedAt: req.display($0.recordedAt))
                },
                fromChain: fromChain.map {
                    .init(
                        concernID: $0.concernID.description, reference: $0.reference,
                        recordedAt: req.display($0.recordedAt))
                },
                alerts: alerts.map {
                    .init(
                        concernID: $0.concernID.description, reference: $0.reference,
                        priority: req.text($0.priority.title),
                        urgent: $0.priority == .urgent, at: req.display($0.createdAt))
                },
                unavailable: signedIn.person.isUnavailable, hasSecondFactor: signedIn.hasSecondFactor,
                emergency: try await EmergencyGuidance.load(req),
                notices: try await MyNotices(req.haven)(by: signedIn.actor).map {
                    .init(message: $0.message, link: $0.link, at: req.display($0.createdAt))
                },
                pendingApprovals: try await MyNotices(req.haven).pendingApprovals(by: signedIn.actor),
                keptForms: try await KeptForms(req.haven, sealer: req.application.formSealer).count(
                    for: signedIn.person.id),
                dashboard: signedIn.actor.isSafeguardingLead && signedIn.actor.secondFactorPassed
                    ? Self.dashboard(try await LeadDashboard(req.haven)(by: signedIn.actor), req: req) : nil,
                myActions: mine.flatMap { $0.isEmpty ? nil : $0 }?.map {
                    OwnActionLine(
                        id: $0.id.description, description: $0.description, due: req.words.day($0.dueOn),
                        setBy: $0.setBy.map { req.text(.isolated(req.text($0))) }, overdue: $0.overdue,
                        concernID: $0.concern?.id.description, reference: $0.concern?.reference)
                },
                myActionsCount: myCount, actionDone: (try? req.query.get(String.self, at: "done")) == "action",
                emailOffForAdministrator: administratorOnly && !req.haven.emailConfigured,
                emailForAdministrator: emailDelivery.flatMap { Self.emailNotice($0, req: req) }))
    }

    /// A count as shown: "1,000 or more" once it reached where counting stops (for a count that stops).
    static func shown(_ count: Int, capped: Bool = true, req: Request) -> String {
        capped && count >= LeadDashboard.counted
            ? req.text("home.atLeast", ["count": .number(count)]) : req.text("home.count", ["count": .number(count)])
    }

    static func dashboard(_ dashboard: Dashboard, req: Request) -> DashboardPart {
        let today = req.haven.calendar.day(of: req.haven.clock.now())
        let child: (ConcernID) -> String = {
            req.text(.isolated(req.text(dashboard.children[$0] ?? Words("person.unknown"))))
        }
        return DashboardPart(
            waiting: ConcernPriority.allCases.map { priority in
                DashboardPart.Waiting(
                    priority: req.text(priority.title),
                    urgent: priority == .urgent && (dashboard.waiting[priority] ?? 0) > 0,
                    waiting: shown(dashboard.waiting[priority] ?? 0, req: req),
                    late: shown(dashboard.late[priority] ?? 0, req: req), anyLate: (dashboard.late[priority] ?? 0) > 0)
            },
            overdue: dashboard.overdueActions.map {
                DashboardPart.Overdue(
                    concernID: $0.concernID.description, reference: dashboard.references[$0.concernID] ?? "",
                    child: child($0.concernID), description: $0.description,
                    owner: dashboard.names[$0.owner].map { req.text(.isolated($0)) } ?? req.text("person.unknown"),
                    due: req.words.day($0.dueOn),
                    late: req.text(
                        "home.days-late", ["count": .number(max(1, today.daysSince1970 - $0.dueOn.daysSince1970))]))
            },
            overdueCount: shown(dashboard.overdueCount, capped: false, req: req),
            reviews: dashboard.reviewsDue.map {
                DashboardPart.Review(
                    concernID: $0.concernID.description, reference: $0.reference, child: child($0.concernID),
                    on: req.words.day($0.reviewOn))
            },
            reviewsCount: shown(dashboard.reviewsDueCount, capped: false, req: req),
            allegations: dashboard.allegations.map {
                DashboardPart.Review(
                    concernID: $0.concernID.description, reference: $0.reference, child: child($0.concernID),
                    on: req.display($0.startedAt))
            },
            email: emailNotice(dashboard.email, req: req))
    }

    @Sendable func contacts(_ req: Request) async throws -> Response {
        try await req.page(
            "contacts", ContactsPage(contacts: try await LocalContacts(req.haven).list().map { ContactLine($0, req) }))
    }

    @Sendable func guidance(_ req: Request) async throws -> Response {
        try await req.page(
            "guidance",
            GuidancePage(
                categories: ConcernCategory.allCases.map {
                    Choice(value: $0.rawValue, title: req.text($0.title), hint: req.text($0.definition))
                }))
    }

    @Sendable func setAvailability(_ req: Request) async throws -> Response {
        let form = try req.content.decode(AvailabilityForm.self)
        try await SetAvailability(req.haven)(unavailable: form.unavailable == "on", by: try req.actor)
        return req.redirect(to: "/")
    }
}
