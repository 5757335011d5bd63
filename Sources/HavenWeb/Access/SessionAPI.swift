import HavenDomain
import HavenFeatures
import Vapor

/// The API's sessions: signing in, the second factor, signing out (documented in OpenAPI/access.json).
struct SessionAPI {
    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1")
        api.on(.POST, "sessions", access: .open, use: signIn)
        api.on(.POST, "sessions", "current", "second-factor", access: .signedIn, use: secondFactor)
        api.on(.DELETE, "sessions", "current", access: .signedIn, use: signOut)
    }

    @Sendable func signIn(_ req: Request) async throws -> Response {
        let input = try req.content.decode(SessionInput.self)
        let signedIn = try await SignIn(req.haven)(
            email: input.email, password: input.password, from: req.clientAddress)
        return try await SessionOutput(
            token: signedIn.token, secondFactorEnrolled: signedIn.hasSecondFactor, secondFactorPassed: false,
            expiresAt: signedIn.session.expiresAt
        ).encodeResponse(status: .created, for: req)
    }

    /// R1.6: the session passes the second factor and is known by a new token from now on.
    @Sendable func secondFactor(_ req: Request) async throws -> SessionOutput {
        let signedIn = try req.requireSignedIn()
        let token = try await PassSecondFactor(req.haven)(
            session: signedIn.session, code: try req.content.decode(CodeInput.self).code)
        return SessionOutput(
            token: token, secondFactorEnrolled: true, secondFactorPassed: true, expiresAt: signedIn.session.expiresAt)
    }

    @Sendable func signOut(_ req: Request) async throws -> Response {
        try await SignOut(req.haven)(try req.requireSignedIn().session)
        return Response(status: .noContent)
    }
}
