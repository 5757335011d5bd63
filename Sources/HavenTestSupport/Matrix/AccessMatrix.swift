import Foundation
import HavenDomain
import HavenFeatures
import HavenWeb

/// Signing in and one's own account: a form kept for the reporter when their session ended
/// (only they may see or discard it), and an account link nobody here holds.
public struct AccessMatrix: MatrixFixtures {
    public static let keptText = "Kept-Form-Canary-Wensleydale"

    public init() {}

    public func seed(_ haven: TestHaven, into world: inout MatrixWorld) async throws {
        let reporter = haven.people["reporter"]!
        let signedIn = try await SignIn(haven.env)(email: reporter.email, password: reporter.password)
        try await KeptForms(haven.env, sealer: haven.app.formSealer).keep(
            [("account", "\(Self.keptText) was half written")], path: "/concerns", session: signedIn.session)
        let actor = Actor(person: reporter.id, roles: [.reporter], secondFactorPassed: false)
        guard let form = try await KeptForms(haven.env, sealer: haven.app.formSealer).list(by: actor).first else {
            preconditionFailure("the kept form is there")
        }
        world.parameters["formID"] = form.id.uuidString
        let own = Permission("matrix.own_kept_form") { $0.person == reporter.id ? .allowed : .denied }
        world.secrets.append(MatrixSecret("a kept form", Self.keptText, readableWith: own))
        world.expect(.allowedBy(own), "POST /account/kept-forms/:formID/discard")
        world.expect(
            .anyone, "GET /sign-in", "POST /sign-in", "GET /sign-in/forgot", "POST /sign-in/forgot",
            "POST /api/v1/sessions",
            "GET /api/v1/openapi.json")
        world.expect(
            .signedIn, "GET /sign-in/second-factor", "POST /sign-in/second-factor", "GET /account/second-factor",
            "POST /account/second-factor", "POST /sign-out", "GET /account/password", "POST /account/password",
            "GET /account",
            "POST /account/sessions/end-others", "GET /account/kept-forms",
            "POST /api/v1/sessions/current/second-factor",
            "DELETE /api/v1/sessions/current")

        // An account link is the only key to its routes: without it, nobody gets anything.
        world.parameters["token"] = SecretToken.encode(Array(repeating: 7, count: 32))
        let nobody = Permission("matrix.holds_the_link") { _ in .denied }
        world.expect(
            .allowedBy(nobody), "GET /account/activate/:token", "POST /account/activate/:token",
            "GET /account/reset-password/:token", "POST /account/reset-password/:token")

        let password = [
            ("password", "a new long fixture passphrase"), ("confirmPassword", "a new long fixture passphrase"),
        ]
        world.bodies["POST /account/activate/:token"] = { _, _ in .form(password) }
        world.bodies["POST /account/reset-password/:token"] = { _, _ in .form(password) }
        world.bodies["POST /sign-in"] = { _, _ in .form([("email", reporter.email), ("password", reporter.password)]) }
        world.bodies["POST /api/v1/sessions"] = { _, _ in
            .json(#"{"email":"\#(reporter.email)","password":"\#(reporter.password)"}"#)
        }
        world.bodies["POST /sign-in/forgot"] = { _, _ in .form([("email", "matrix.target@fixture.haven.test")]) }
        world.bodies["POST /sign-in/second-factor"] = { haven, session in .form([("code", Self.code(haven, session))]) }
        world.bodies["POST /api/v1/sessions/current/second-factor"] = { haven, session in
            .json(#"{"code":"\#(Self.code(haven, session))"}"#)
        }
        world.bodies["POST /account/second-factor"] = { haven, session in
            .form([
                ("code", "000000"), ("password", session?.person.password ?? ""),
                ("currentCode", Self.code(haven, session)),
            ])
        }
        // Changing one's password would change the fixture's: the current one is given wrongly,
        // so that everyone signed in reaches the check, and nobody's password changes.
        world.bodies["POST /account/password"] = { _, _ in
            .form([
                ("currentPassword", "not the password"), ("newPassword", "another long passphrase"),
                ("confirmPassword", "another long passphrase"),
            ])
        }
        for route in [
            "POST /account/sessions/end-others", "POST /account/kept-forms/:formID/discard", "POST /sign-out",
        ] {
            world.bodies[route] = { _, _ in .form([]) }
        }
        world.endsTheSession = ["POST /sign-out"]
        world.spendsTheSession = [
            "POST /sign-out", "DELETE /api/v1/sessions/current", "POST /account/sessions/end-others",
            "POST /sign-in/second-factor", "POST /api/v1/sessions/current/second-factor", "POST /account/second-factor",
        ]
        world.bodies["DELETE /api/v1/sessions/current"] = { _, _ in .json("") }
    }

    /// The asker's current second-factor code, a step after any used before.
    static func code(_ haven: TestHaven, _ session: TestSession?) -> String {
        guard let person = session?.person else { return "000000" }
        haven.clock.advance(by: 31)
        return TOTPCode.code(secret: person.totpSecret, step: TOTPCode.step(at: haven.clock.now()))
    }
}
