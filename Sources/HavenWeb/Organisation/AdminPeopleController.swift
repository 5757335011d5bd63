import HavenDomain
import HavenFeatures
import Vapor

/// R1.2: the administrator's people page: inviting people (they choose their own password and
/// second factor), their roles, their account (email, password reset, second factor, sessions)
/// and leavers. What would let someone read or receive concerns waits for a DSL's approval, and
/// the page says so. No case content.
struct AdminPeopleController {
    struct PeoplePage: Encodable {
        struct Line: Encodable {
            let id: String
            let name: String
            let email: String
            let roles: String
            let waitingRoles: String
            let history: String
            let unavailable: Bool
            let choices: [Choice]
            let status: String
            let active: Bool
            let activated: Bool
            let hasSecondFactor: Bool
            let isSelf: Bool
            /// Issue 12.7: their kind of work, line manager (by sign-in email) and seniority.
            let kinds: [Choice]
            let lineManager: String
            let seniority: Int
            /// Issue 12.3: someone here they are recorded as living with, by sign-in email.
            let household: String
            let waitingDetails: [String]
        }
        let people: [Line]
        /// The next page of people's address, if there is one.
        let next: String?
        /// Whether this is a later page (then it links back to the first).
        let laterPage: Bool
        let roles: [Choice]
        let kinds: [Choice]
        let done: String?
        let waiting: [String]
        /// Issue 13.3: no mail server, so the links for people added here are not sent.
        let emailOff: Bool
    }
    struct InviteForm: Content {
        let name: String?
        let email: String?
        let kind: String?
        let roles: [String]?
    }
    struct RolesForm: Content { let roles: [String]? }
    struct EmailForm: Content { let email: String? }
    struct ConfirmForm: Content { let confirm: String? }
    struct DetailsForm: Content {
        let kind: String?
        let lineManager: String?
        let seniority: String?
        let household: String?
    }

    /// What the page says after a change: a fixed message per code (never text from the request).
    /// What a finished change says, by the `done` it redirects with (catalogue entries).
    static let messages: [String: String] = [
        "invited": "people.done.invited",
        "invited-waiting": "people.done.invitedWaiting",
        "roles": "people.done.roles",
        "roles-waiting": "people.done.rolesWaiting",
        "email": "people.done.email",
        "reset": "people.done.reset",
        "second-factor": "people.done.secondFactor",
        "activation": "people.done.activation",
        "deactivated": "people.done.deactivated",
        "sessions": "people.done.sessions",
        "waiting": "people.done.waiting",
        "details": "people.done.details",
        "details-waiting": "people.done.detailsWaiting",
    ]

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "admin", "people", access: .permission(.managePeople), use: people)
        // A refused form comes back on the people page, filled in (N2).
        let manage = RouteAccess.permission(.managePeople)
        routes.on(.POST, "admin", "people", access: manage, formPage: people, use: invite)
        routes.on(.POST, "admin", "people", ":personID", "roles", access: manage, formPage: people, use: setRoles)
        routes.on(.POST, "admin", "people", ":personID", "email", access: manage, formPage: people, use: changeEmail)
        routes.on(
            .POST, "admin", "people", ":personID", "details", access: manage, formPage: people, use: setDetails)
        routes.on(
            .POST, "admin", "people", ":personID", "password-reset", access: .permission(.managePeople),
            use: resetPassword)
        routes.on(
            .POST, "admin", "people", ":personID", "second-factor", "remove", access: .permission(.managePeople),
            use: removeSecondFactor)
        routes.on(
            .POST, "admin", "people", ":personID", "activation", access: .permission(.managePeople),
            use: resendActivation)
        routes.on(
            .POST, "admin", "people", ":personID", "deactivate", access: manage, formPage: people, use: deactivate)
        routes.on(
            .POST, "admin", "people", ":personID", "sessions", "end", access: .permission(.managePeople),
            use: endSessions)
    }

    @Sendable func people(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let now = req.haven.clock.now()
        let done = (try? req.query.get(String.self, at: "done")).flatMap { Self.messages[$0] }.map { req.text($0) }
        let pending = try await Approvals(req.haven).list(by: actor).pending
        let waiting = pending.map {
            req.text("people.waiting", ["who": .words($0.requestedBy), "change": .words($0.description)])
        }
        // Roles asked for and not yet approved, by person, to show on their row.
        var waitingRoles: [PersonID: [Role]] = [:]
        // Issue 12.7: a line manager or seniority asked for and not yet approved, on their row too.
        var waitingDetails: [PersonID: [String]] = [:]
        for item in pending {
            switch item.approval.change {
            case .grantRoles(let person, let roles): waitingRoles[person, default: []] += roles
            case .lineManager(let person, _), .seniority(let person, _), .household(let person, _):
                waitingDetails[person, default: []].append(req.text(item.description))
            default: break
            }
        }
        // A later page only when asked for by GET: a form's problems show on the first page.
        let after: PersonID? = req.method == .GET ? try req.peoplePosition() : nil
        let (accounts, next) = try await ManagePeople(req.haven).accounts(after: after, by: actor)
        // The line managers of this page's people, by sign-in email (they may be on another page).
        let managers = try await req.haven.unitOfWork.read { tx in
            try await tx.people.find(Array(Set(accounts.compactMap(\.0.lineManagerID))))
        }
        let managerEmails = Dictionary(managers.map { ($0.id, $0.email) }, uniquingKeysWith: { a, _ in a })
        // Issue 12.3: someone each person on this page is recorded as living with, by sign-in email.
        let households = Set(accounts.compactMap(\.0.household))
        let housemates =
            households.isEmpty
            ? []
            : try await req.haven.unitOfWork.read { tx in try await tx.people.all() }.filter {
                $0.household.map(households.contains) ?? false
            }
        let kindTitles = PersonKind.allCases.map {
            ($0, req.text("admin-people." + $0.rawValue.replacingOccurrences(of: "_", with: "-")))
        }
        let lines = accounts.map { person, state in
            let held = person.roles(at: now)
            // The ten most recent roles that ended (a history can be long).
            let ended = person.roleAssignments.filter { $0.ends != nil }.suffix(10)
                .map {
                    Words(
                        "people.roleHeld",
                        [
                            "role": .words($0.role.title), "from": .day(Day(utc: $0.starts)),
                            "to": .day(Day(utc: $0.ends!)),
                        ])
                }
            let status =
                !person.isActive(at: now)
                ? req.text("people.status.left", ["day": .day(Day(utc: person.deactivatedAt ?? now))])
                : req.text(
                    !state.activated
                        ? "people.status.notActivated"
                        : state.hasSecondFactor ? "people.status.active" : "people.status.noSecondFactor")
            return PeoplePage.Line(
                id: person.id.description, name: person.name, email: person.email,
                roles: req.text(held.isEmpty ? Words("people.roles.none") : .list(held.sorted().map(\.title))),
                waitingRoles: (waitingRoles[person.id] ?? []).isEmpty
                    ? "" : req.text(.list(Set(waitingRoles[person.id] ?? []).sorted().map(\.title))),
                history: ended.isEmpty ? "" : req.text(.list(ended, separator: "list.semicolon", last: nil)),
                unavailable: person.isUnavailable,
                choices: Role.allCases.filter { $0 != .reporter }.map {
                    Choice(
                        value: $0.rawValue,
                        title: req.text(
                            $0.needsApprovalToGrant
                                ? Words("people.roleNeedsApproval", ["role": .words($0.title)]) : $0.title),
                        selected: held.contains($0))
                },
                status: status, active: person.isActive(at: now), activated: state.activated,
                hasSecondFactor: state.hasSecondFactor,
                isSelf: person.id == actor.person,
                kinds: kindTitles.map { Choice(value: $0.0.rawValue, title: $0.1, selected: $0.0 == person.kind) },
                lineManager: person.lineManagerID.flatMap { managerEmails[$0] } ?? "",
                seniority: person.seniority,
                household: StaffHousehold.others(of: person, among: housemates).first { $0.isActive(at: now) }?.email
                    ?? "",
                waitingDetails: waitingDetails[person.id] ?? [])
        }
        return try await req.page(
            "admin-people",
            PeoplePage(
                people: lines, next: next.map { "/admin/people?after=\($0)" }, laterPage: after != nil,
                roles: Role.allCases.filter { $0 != .reporter }.map {
                    Choice(
                        value: $0.rawValue,
                        title: req.text(
                            $0.needsApprovalToGrant
                                ? Words("people.roleNeedsApproval", ["role": .words($0.title)]) : $0.title),
                        selected: false)
                },
                kinds: kindTitles.map { Choice(value: $0.0.rawValue, title: $0.1) },
                done: done, waiting: waiting, emailOff: !req.haven.emailConfigured))
    }

    /// Runs a change and goes back to the page with its message. A refused change comes back on
    /// the page, filled in (`formPage`).
    func change(_ req: Request, _ body: () async throws -> String) async throws -> Response {
        req.redirect(to: "/admin/people?done=\(try await body())")
    }

    @Sendable func invite(_ req: Request) async throws -> Response {
        let form = try req.content.decode(InviteForm.self)
        let change = try await ManagePeople(req.haven).invite(
            name: form.name, email: form.email, kind: form.kind, roles: form.roles ?? [], by: try req.actor)
        return req.redirect(to: "/admin/people?done=\(change.pending.isEmpty ? "invited" : "invited-waiting")")
    }

    /// R1.2: roles no longer ticked end today (their history is kept); newly ticked ones start today,
    /// or wait for a DSL's approval if they give need-to-know.
    @Sendable func setRoles(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        let form = try req.content.decode(RolesForm.self)
        return try await change(req) {
            var roles: Set<Role> = [.reporter]
            for raw in form.roles ?? [] {
                guard let role = Role(rawValue: raw) else {
                    throw InvalidInput(field: "roles", "organisation.roles.oneOfTheRolesIs")
                }
                roles.insert(role)
            }
            return try await ManagePeople(req.haven).setRoles(id, to: roles, by: try req.actor).pending.isEmpty
                ? "roles" : "roles-waiting"
        }
    }

    /// Issue 12.7: kind of work at once; a new line manager, or the seniority of someone ranked by
    /// it, waits for a DSL's approval.
    @Sendable func setDetails(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        let form = try req.content.decode(DetailsForm.self)
        return try await change(req) {
            try await ChangePersonDetails(req.haven)(
                id, kind: form.kind, lineManager: form.lineManager, seniority: form.seniority,
                household: form.household, by: try req.actor
            ).approvals.isEmpty ? "details" : "details-waiting"
        }
    }

    static func code(_ outcome: ManageAccounts.Outcome, done: String) -> String {
        if case .waitingForApproval = outcome { return "waiting" }
        return done
    }

    @Sendable func changeEmail(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        let form = try req.content.decode(EmailForm.self)
        return try await change(req) {
            Self.code(
                try await ManageAccounts(req.haven).changeEmail(id, to: form.email, by: try req.actor), done: "email")
        }
    }

    @Sendable func resetPassword(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        return try await change(req) {
            Self.code(try await ManageAccounts(req.haven).sendPasswordReset(id, by: try req.actor), done: "reset")
        }
    }

    @Sendable func removeSecondFactor(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        return try await change(req) {
            Self.code(
                try await ManageAccounts(req.haven).removeSecondFactor(id, by: try req.actor), done: "second-factor")
        }
    }

    @Sendable func resendActivation(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        return try await change(req) {
            try await ManageAccounts(req.haven).resendActivation(id, by: try req.actor)
            return "activation"
        }
    }

    @Sendable func deactivate(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        let form = try req.content.decode(ConfirmForm.self)
        return try await change(req) {
            guard form.confirm == "on" else {
                throw InvalidInput(field: "confirm", "organisation.confirm.tickTheBoxToConfirm")
            }
            try await ManageAccounts(req.haven).deactivate(id, by: try req.actor)
            return "deactivated"
        }
    }

    @Sendable func endSessions(_ req: Request) async throws -> Response {
        let id: PersonID = try req.parameterID("personID")
        return try await change(req) {
            try await ManageAccounts(req.haven).endSessions(id, by: try req.actor)
            return "sessions"
        }
    }
}
