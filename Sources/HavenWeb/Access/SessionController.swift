import HavenDomain
import HavenFeatures
import Vapor

/// R1.6: sign-in with a password, the second factor, enrolment and sign-out, as pages.
struct SessionController {
    struct SignInPage: Encodable {
        let csrf: String
        let next: String
        /// What went wrong, each in the catalogue's words.
        let errors: [Words]
        let email: String?
        let kept: Bool
        let ended: Bool
    }
    struct CodePage: Encodable {
        let error: Words?
        let enrolled: Bool
        let next: String
        let kept: Bool
        var passwordSet: Bool = false
    }
    struct EnrolPage: Encodable {
        let secret: String
        let uri: String
        let qr: String
        let codes: [String]
        let replacing: Bool
        let errors: [FieldError]
    }
    struct EnrolForm: Content {
        let code: String?
        let password: String?
        let currentCode: String?
    }

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
        try await signInPage(req, errors: [], email: nil, status: .ok)
    }

    func signInPage(_ req: Request, errors: [Words], email: String?, status: HTTPStatus) async throws -> Response {
        let token = SecretToken.encode(req.haven.ids.randomBytes(24))
        let next = req.localNext() ?? .home
        let kept = (try? req.query.get(String.self, at: "kept")) == "1"
        let ended = (try? req.query.get(String.self, at: "ended")) == "1"
        let response = try await req.page(
            "sign-in",
            SignInPage(
                csrf: token, next: next.description, errors: errors, email: email, kept: kept,
                ended: ended && !kept), status: status)
        req.setAnonymousCSRFCookie(token, on: response)
        return response
    }

    @Sendable func signIn(_ req: Request) async throws -> Response {
        let form = try req.content.decode(SessionInput.self)
        do {
            let signedIn = try await SignIn(req.haven)(
                email: form.email, password: form.password, from: req.clientAddress)
            // R1.6: forms kept when a session ended come first, to be checked and sent.
            let kept = try await KeptForms(req.haven, sealer: req.application.formSealer).count(for: signedIn.person.id)
            let next = kept > 0 ? LocalPath.keptForms : req.localNext(fromForm: form.next) ?? .home
            let response = req.redirect(
                to: signedIn.hasSecondFactor ? Self.secondFactorPage(then: next) : next.description)
            req.setSessionCookie(signedIn.token, on: response)
            return response
        } catch SignInError.wrongCredentials {
            return try await signInPage(
                req, errors: [Words("error.wrongCredentials")], email: form.email, status: .unauthorized)
        } catch SignInError.throttled(let until) {
            return try await signInPage(
                req, errors: [ErrorResponder.throttled(until: until, now: req.haven.clock.now())], email: form.email,
                status: .tooManyRequests)
        } catch let error as InvalidInput {
            return try await signInPage(
                req, errors: error.errors.map(\.message), email: form.email,
                status: .unprocessableEntity)
        }
    }

    /// The second-factor page, carrying where to go afterwards (percent-encoded) when it is not home.
    static func secondFactorPage(then next: LocalPath) -> String {
        next == .home ? "/sign-in/second-factor" : "/sign-in/second-factor?next=\(next.queryValue)"
    }

    @Sendable func showSecondFactor(_ req: Request) async throws -> Response {
        let next = req.localNext() ?? .home
        return try await req.page(
            "second-factor",
            CodePage(
                error: nil, enrolled: try req.requireSignedIn().hasSecondFactor, next: next.description,
                kept: next == .keptForms, passwordSet: (try? req.query.get(String.self, at: "done")) == "password"))
    }

    @Sendable func passSecondFactor(_ req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        let form = try req.content.decode(CodeInput.self)
        let next = req.localNext(fromForm: form.next) ?? .home
        let token: String
        do {
            token = try await PassSecondFactor(req.haven)(session: signedIn.session, code: form.code)
        } catch SignInError.wrongCode {
            return try await req.page(
                "second-factor",
                CodePage(
                    error: Words("access.code.wrongTryNewest"),
                    enrolled: true, next: next.description, kept: next == .keptForms), status: .unauthorized)
        }
        // R1.6: the session is known by a new token from now on.
        let response = req.redirect(to: next.description)
        req.setSessionCookie(token, on: response)
        return response
    }

    func enrolPage(_ req: Request, errors: [FieldError], status: HTTPStatus = .ok) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        let proposal = try await EnrolSecondFactor(req.haven).propose(session: signedIn.session)
        // The issuer is the name the authenticator app files the code under, not words for the page.
        let uri = TOTPCode.provisioningURI(
            secret: proposal.secret, account: signedIn.person.email, issuer: "Haven")  // words: not shown
        let qr = (try? QRCode(uri))?.svg(title: req.text("access.enrol.qrTitle")) ?? ""
        // The key in groups of four, as authenticator apps accept it, so it can be read and typed.
        let grouped = stride(from: 0, to: proposal.secretText.count, by: 4).map { start in
            String(proposal.secretText.dropFirst(start).prefix(4))
        }.joined(separator: " ")
        return try await req.page(
            "enrol",
            EnrolPage(
                secret: grouped, uri: uri, qr: qr, codes: proposal.recoveryCodes,
                replacing: signedIn.hasSecondFactor, errors: errors), status: status)
    }

    /// R1.6: Haven makes the secret and recovery codes and keeps them with the session; the page
    /// shows them (and a QR code) until they are confirmed or expire.
    @Sendable func showEnrol(_ req: Request) async throws -> Response {
        try await enrolPage(req, errors: [])
    }

    @Sendable func enrol(_ req: Request) async throws -> Response {
        let signedIn = try req.requireSignedIn()
        let form = try req.content.decode(EnrolForm.self)
        let token: String
        do {
            token = try await EnrolSecondFactor(req.haven).confirm(
                session: signedIn.session, code: form.code, password: form.password,
                currentCode: form.currentCode)
        } catch let error as InvalidInput {
            return try await enrolPage(req, errors: error.errors, status: .unprocessableEntity)
        }
        let response = req.redirect(to: "/")
        req.setSessionCookie(token, on: response)
        return response
    }

    @Sendable func signOut(_ req: Request) async throws -> Response {
        try await SignOut(req.haven)(try req.requireSignedIn().session)
        let response = req.redirect(to: "/sign-in")
        req.clearSessionCookie(on: response)
        return response
    }
}
