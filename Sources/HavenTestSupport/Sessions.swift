import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// A signed-in session for tests, made by the real sign-in use cases.
public struct TestSession: Sendable {
    public let token: String
    public let csrf: String
    public let person: FixturePerson

    /// Headers for a page request carrying the session cookie (and the CSRF token for forms).
    public var cookieHeaders: HTTPHeaders {
        ["Cookie": "haven_session=\(token)", "X-CSRF-Token": csrf]
    }

    /// Headers for an API request with the bearer token.
    public var bearerHeaders: HTTPHeaders {
        ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }
}

extension TestHaven {
    /// Signs `key` (a fixture role key, e.g. "dsl") in with the password, and with the second
    /// factor unless `secondFactor` is false. Moves the test clock past the last code used.
    public func signIn(_ key: String, secondFactor: Bool = true) async throws -> TestSession {
        let person = people[key]!
        let signedIn = try await SignIn(env)(email: person.email, password: person.password)
        var token = signedIn.token
        if secondFactor {
            clock.advance(by: 31)
            let code = TOTPCode.code(secret: person.totpSecret, step: TOTPCode.step(at: clock.now()))
            token = try await PassSecondFactor(env)(session: signedIn.session, code: code)
        }
        return TestSession(token: token, csrf: signedIn.session.csrfToken, person: person)
    }

    /// Records a concern about `childName` as `key`, through the real use case.
    @discardableResult
    public func recordConcern(
        about childName: String, by key: String = "reporter", account: String? = nil,
        categories: [ConcernCategory] = [.neglect], immediateDanger: Bool = false
    ) async throws -> RecordedConcern {
        let person = people[key]!
        let actor = Actor(
            person: person.id, roles: Set([.reporter] + (person.role.map { [$0] } ?? [])), secondFactorPassed: false)
        return try await RecordConcern(env)(
            ConcernDraft(
                child: ChildDetails(name: childName, approximateAge: 8), howItArose: .disclosedByChild,
                occurredAt: clock.now(),
                location: "Hall",
                account: account ?? "\(childName) said she was scared to go home tonight because of the shouting.",
                categories: categories, immediateDanger: immediateDanger), by: actor)
    }
}
