import HavenDomain
import HavenFeatures
import Vapor

/// R1.6: sign-in with a password, the second factor, enrolment and sign-out, as pages.
struct SessionController {
    struct SignInPage: Encodable { let csrf: String; let next: String; let error: String?; let email: String? }
    struct SignInForm: Content { let email: String?; let password: String?; let next: String? }
    struct CodePage: Encodable { let error: String?; let enrolled: Bool; let next: String }
    struct CodeForm: Content { let code: String?; let next: String? }
    struct EnrolPage: Encodable { let secret: String; let uri: String; let codes: [String]; let codesJoined: String; let error: String? }
    struct EnrolForm: Content { let secret: String; let codes: String; let code: String? }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "sign-in", access: .open, use: showSignIn)
        routes.on(.POST, "sign-in", access: .open, use: signIn)
        routes.on(.GET, "sign-in", "second-factor", access: .signedIn, use: showSecondFactor)
        routes.on(.POST, "sign-in", "second-factor", access: .signedIn, use: passSecondFactor)
        routes.on(.GET, "account", "second-factor", access: .signedIn, use: showEnrol)
        routes.on(.POST, "account", "second-factor", access: .signedIn, use: enrol)
        routes.on(.POST, "sign-out", access: .signedIn, use: signOut)
    }

    @Sendable func showSignIn(_ req: Request) async throws -> Response {
        try await signInPage(req, error: nil, email: nil, status: .ok)
    }

    func signInPage(_ req: Request, error: String?, email: String?, status: HTTPStatus) async throws -> Response {
        let token = SecretToken.encode(req.haven.ids.randomBytes(24))
        let next = req.localNext() ?? .home
        let response = try await req.page("sign-in", SignInPage(csrf: token, next: next.description, error: error, email: email), status: status)
        response.cookies[CSRFMiddleware.anonymousCookie] = CSRFMiddleware.anonymousCookieValue(token, secure: req.application.webSettings.secureCookies)
        return response
    }

    @Sendable func signIn(_ req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        do {
            let signedIn = try await SignIn(req.haven)(email: form.email, password: form.password)
            let next = req.localNext(fromForm: form.next) ?? .home
            let response = req.redirect(to: signedIn.hasSecondFactor ? Self.secondFactorPage(then: next) : next.description)
            response.cookies[SessionMiddleware.cookieName] = SessionMiddleware.cookie(signedIn.token, secure: req.application.webSettings.secureCookies)
            return response
        } catch SignInError.wrongCredentials {
            return try await signInPage(req, error: "That email and password don't match our records.", email: form.email, status: .unauthorized)
        } catch let error as InvalidInput {
            return try await signInPage(req, error: error.errors.map(\.message).joined(separator: " "), email: form.email, status: .unprocessableEntity)
        }
    }

    /// The second-factor page, carrying where to go afterwards (percent-encoded) when it is not home.
    static func secondFactorPage(then next: LocalPath) -> String {
        next == .home ? "/sign-in/second-factor" : "/sign-in/second-factor?next=\(next.queryValue)"
    }

    @Sendable func showSecondFactor(_ req: Request) async throws -> Response {
        let next = req.localNext() ?? .home
        return try await req.page("second-factor", CodePage(error: nil, enrolled: try req.requireSignedIn().hasSecondFactor, next: next.description))
    }

    @Sendable func passSecondFactor(_ req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        let form = try req.content.decode(CodeForm.self)
        let next = req.localNext(fromForm: form.next) ?? .home
        do {
            try await PassSecondFactor(req.haven)(session: signedIn.session, code: form.code)
        } catch SignInError.wrongCode {
            return try await req.page("second-factor", CodePage(error: "That code didn't work. Try the newest code, or a recovery code.",
                                                                enrolled: true, next: next.description), status: .unauthorized)
        }
        return req.redirect(to: next.description)
    }

    @Sendable func showEnrol(_ req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        // Replacing an existing second factor needs the current one first.
        if signedIn.hasSecondFactor && !signedIn.session.secondFactorPassed { throw AccessError.secondFactorRequired }
        let proposal = EnrolSecondFactor(req.haven).propose()
        return try await req.page("enrol", EnrolPage(
            secret: proposal.secretText, uri: TOTPCode.provisioningURI(secret: proposal.secret, account: signedIn.person.email, issuer: "Haven"),
            codes: proposal.recoveryCodes, codesJoined: proposal.recoveryCodes.joined(separator: " "), error: nil))
    }

    @Sendable func enrol(_ req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        if signedIn.hasSecondFactor && !signedIn.session.secondFactorPassed { throw AccessError.secondFactorRequired }
        let form = try req.content.decode(EnrolForm.self)
        guard let secret = Base32.decode(form.secret), secret.count >= 16 else { throw InvalidInput(field: "secret", "The setup expired. Start again.") }
        let codes = form.codes.split(separator: " ").map(String.init)
        let enrolment = SecondFactorEnrolment(secret: secret, recoveryCodes: codes)
        do {
            try await EnrolSecondFactor(req.haven).confirm(enrolment, code: form.code, session: signedIn.session)
        } catch let error as InvalidInput {
            return try await req.page("enrol", EnrolPage(
                secret: form.secret, uri: TOTPCode.provisioningURI(secret: secret, account: signedIn.person.email, issuer: "Haven"),
                codes: codes, codesJoined: form.codes, error: error.errors.first?.message), status: .unprocessableEntity)
        }
        return req.redirect(to: "/")
    }

    @Sendable func signOut(_ req: Request) async throws -> Response {
        try await SignOut(req.haven)(try req.requireSignedIn().session)
        let response = req.redirect(to: "/sign-in")
        response.cookies[SessionMiddleware.cookieName] = SessionMiddleware.expired(secure: req.application.webSettings.secureCookies)
        return response
    }
}
