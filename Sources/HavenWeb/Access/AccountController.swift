import HavenDomain
import HavenFeatures
import Vapor

/// R1.2, R1.6: a person's own account: activating it from the emailed link (choosing their own
/// password, then their second factor), resetting a password from a link, and signing out
/// everywhere else.
struct AccountController {
    struct LinkPage: Encodable {
        let csrf: String
        let name: String
        let activation: Bool
        let errors: [FieldError]
    }
    struct PasswordForm: Content {
        let password: String?
        let confirmPassword: String?
    }
    struct AccountPage: Encodable {
        let done: String?
        let hasSecondFactor: Bool
    }
    struct ChangePasswordForm: Content {
        let currentPassword: String?
        let newPassword: String?
        let confirmPassword: String?
    }
    struct ChangePasswordPage: Encodable {}
    struct ForgotForm: Content { let email: String? }
    struct ForgotPage: Encodable {
        let csrf: String
        let sent: Bool
        let email: String
        let errors: [FieldError]
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "account", "activate", ":token", access: .open, use: showActivate)
        routes.on(.POST, "account", "activate", ":token", access: .open, use: activate)
        routes.on(.GET, "account", "reset-password", ":token", access: .open, use: showReset)
        routes.on(.POST, "account", "reset-password", ":token", access: .open, use: reset)
        routes.on(.GET, "sign-in", "forgot", access: .open, use: showForgot)
        routes.on(.POST, "sign-in", "forgot", access: .open, use: forgot)
        routes.on(.GET, "account", "password", access: .signedIn, use: showChangePassword)
        routes.on(.POST, "account", "password", access: .signedIn, formPage: showChangePassword, use: changePassword)
        routes.on(.GET, "account", access: .signedIn, use: account)
        routes.on(.POST, "account", "sessions", "end-others", access: .signedIn, use: endOthers)
    }

    func token(_ req: Request) -> String { req.parameters.get("token") ?? "" }

    /// The page asking for a new password, or the page saying the link no longer works.
    func linkPage(_ req: Request, purpose: AccountTokenPurpose, errors: [FieldError], status: HTTPStatus = .ok)
        async throws -> Response
    {
        let person: Person
        do {
            person = try await UseAccountLink(req.haven).check(token(req), purpose: purpose)
        } catch AccessError.notFound {
            return try await req.page(
                "account-link-expired", LinkPage(csrf: "", name: "", activation: purpose == .activation, errors: []),
                status: .notFound)
        }
        // Before sign-in there is no session: the form double-submits a cookie, like the sign-in page.
        let csrf = SecretToken.encode(req.haven.ids.randomBytes(24))
        let response = try await req.page(
            "account-password",
            LinkPage(csrf: csrf, name: person.name, activation: purpose == .activation, errors: errors),
            status: status)
        req.setAnonymousCSRFCookie(csrf, on: response)
        return response
    }

    func setPassword(_ req: Request, purpose: AccountTokenPurpose) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        let signedIn: SignedIn
        do {
            signedIn = try await UseAccountLink(req.haven).setPassword(
                token(req), purpose: purpose, password: form.password, confirmation: form.confirmPassword)
        } catch let invalid as InvalidInput {
            return try await linkPage(req, purpose: purpose, errors: invalid.errors, status: .unprocessableEntity)
        } catch AccessError.notFound {
            return try await linkPage(req, purpose: purpose, errors: [])
        }
        // Activation goes straight on to the second factor; a reset to the second factor too if they have one.
        let next =
            purpose == .activation || !signedIn.hasSecondFactor
            ? "/account/second-factor" : "/sign-in/second-factor?done=password"
        let response = req.redirect(to: next)
        req.setSessionCookie(signedIn.token, on: response)
        return response
    }

    @Sendable func showActivate(_ req: Request) async throws -> Response {
        try await linkPage(req, purpose: .activation, errors: [])
    }
    @Sendable func activate(_ req: Request) async throws -> Response {
        try await setPassword(req, purpose: .activation)
    }
    @Sendable func showReset(_ req: Request) async throws -> Response {
        try await linkPage(req, purpose: .passwordReset, errors: [])
    }
    @Sendable func reset(_ req: Request) async throws -> Response {
        try await setPassword(req, purpose: .passwordReset)
    }

    /// What a finished change says, by the `done` it redirects with (catalogue entries).
    static let done = ["sessions": "account.done.sessions", "password": "account.done.password"]

    @Sendable func account(_ req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        return try await req.page(
            "account",
            AccountPage(
                done: (try? req.query.get(String.self, at: "done")).flatMap { Self.done[$0] }.map { req.text($0) },
                hasSecondFactor: signedIn.hasSecondFactor))
    }

    @Sendable func showChangePassword(_ req: Request) async throws -> Response {
        try await req.page("account-change-password", ChangePasswordPage())
    }

    @Sendable func changePassword(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ChangePasswordForm.self)
        // Refused: the page again with each problem beside its field (`formPage`); a password
        // is never typed back into a page.
        try await ChangePassword(req.haven)(
            session: try req.requireSignedIn().session, current: form.currentPassword, new: form.newPassword,
            confirmation: form.confirmPassword)
        return req.redirect(to: "/account?done=password")
    }

    func forgotPage(_ req: Request, sent: Bool, email: String, errors: [FieldError], status: HTTPStatus = .ok)
        async throws -> Response
    {
        let csrf = SecretToken.encode(req.haven.ids.randomBytes(24))
        let response = try await req.page(
            "sign-in-forgot", ForgotPage(csrf: csrf, sent: sent, email: email, errors: errors), status: status)
        req.setAnonymousCSRFCookie(csrf, on: response)
        return response
    }

    @Sendable func showForgot(_ req: Request) async throws -> Response {
        try await forgotPage(req, sent: false, email: "", errors: [])
    }

    @Sendable func forgot(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ForgotForm.self)
        do {
            try await ForgotPassword(req.haven)(email: form.email)
        } catch let invalid as InvalidInput {
            return try await forgotPage(
                req, sent: false, email: form.email ?? "", errors: invalid.errors, status: .unprocessableEntity)
        }
        return try await forgotPage(req, sent: true, email: "", errors: [])
    }

    @Sendable func endOthers(_ req: Request) async throws -> Response {
        try await EndMyOtherSessions(req.haven)(try req.requireSignedIn().session)
        return req.redirect(to: "/account?done=sessions")
    }
}
