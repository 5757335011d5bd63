import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import HavenWeb
import Testing
import Vapor
import VaporTesting

/// R7.1: every route × every role. The matrix is built from the application's own route table,
/// so a new route without an access rule fails here, and a fixture child's name is looked for
/// in every body: status codes alone prove nothing.
@Suite("Route × role need-to-know matrix")
struct RouteMatrixTests {
    static let fixtureName = "Zebedee Quarrington-Fixture"
    /// Issue 10.5: what the DSL added to the concern; only those handling it may read it, not its recorder.
    static let dslAddendumCanary = "Gossamer-DSL-Addendum-Canary"

    struct Fixture {
        let concern: ConcernID
        let child: ChildID
        let action: CaseActionID
        let person: PersonID
    }

    func seed(_ haven: TestHaven) async throws -> Fixture {
        let recorded = try await haven.recordConcern(about: Self.fixtureName, by: "reporter",
                                                     account: "\(Self.fixtureName) told me about the bruises.")
        let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
        let file = try await ReadConcern(haven.env)(recorded.receipt.concernID, by: dsl)
        let action = try await SetAction(haven.env)(on: file.concern.id, description: "Call \(Self.fixtureName)'s school",
                                                    owner: dsl.person.description, dueOn: "2026-12-01", by: dsl)
        _ = try await AddAddendum(haven.env)(to: file.concern.id, reason: "further_information", text: "\(Self.fixtureName) said more", by: dsl)
        _ = try await AddAddendum(haven.env)(to: file.concern.id, reason: "further_information", text: "\(Self.dslAddendumCanary): strategy meeting", by: dsl)
        return Fixture(concern: file.concern.id, child: file.child.id, action: action.id, person: haven.people["department_director"]!.id)
    }

    func path(_ route: Route, _ fixture: Fixture) -> String {
        "/" + route.path.map { component -> String in
            switch component.description {
            case ":concernID": fixture.concern.description
            case ":childID": fixture.child.description
            case ":actionID": fixture.action.description
            // Issue 10: people's account routes act on a real person (one whose roles may change here).
            case ":personID": fixture.person.description
            default: component.description
            }
        }.joined(separator: "/")
    }

    /// Who may see the fixture child's name on this route: the DSL and deputy with the second
    /// factor, and the recorder (with the second factor) on the routes that open their own concern.
    func mayReveal(role: String, secondFactor: Bool, route: Route) -> Bool {
        guard secondFactor else { return false }
        if ["dsl", "deputy_dsl"].contains(role) { return true }
        let path = route.path.map(\.description)
        return role == "reporter" && route.method == .GET && (path == ["concerns", ":concernID"] || path == ["api", "v1", "concerns", ":concernID"])
    }

    @Test func everyRouteHasAnAccessRule() async throws {
        try await TestHaven.with(.sqlite) { (haven: TestHaven) async throws in
            let missing = haven.app.routes.all.filter { route in route.access.map { _ in false } ?? true }.map { "\($0.method) /\($0.path.map(\.description).joined(separator: "/"))" }
            #expect(missing.isEmpty, "routes without an access rule: \(missing)")
            #expect(haven.app.routes.all.count > 30)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func noRoleWithoutNeedToKnowSeesTheChild(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let fixture = try await seed(haven)
            var sessions: [(String, Bool, TestSession?)] = [("anonymous", false, nil)]
            for (key, _) in TestHaven.fixtureRoles {
                sessions.append((key, true, try await haven.signIn(key)))
                sessions.append((key, false, try await haven.signIn(key, secondFactor: false)))
            }
            var revealedTo: Set<String> = [], canarySeenBy: Set<String> = []
            for route in haven.app.routes.all where route.path.first?.description != "sign-out" && !(route.method == .DELETE) {
                var target = path(route, fixture)
                // R7.7: a child's file opens only with a reason; give one so the file itself is checked.
                let components = route.path.map(\.description)
                if route.method == .GET, components.last == ":childID" || components.suffix(2) == [":childID", "chronology"] {
                    target += "?reason=case_review"
                }
                for (role, secondFactor, session) in sessions {
                    let isAPI = target.hasPrefix("/api/")
                    var headers: HTTPHeaders = [:]
                    if let session {
                        if isAPI { headers = session.bearerHeaders } else { headers = session.cookieHeaders }
                    }
                    if route.method == .POST { headers.replaceOrAdd(name: .contentType, value: isAPI ? "application/json" : "application/x-www-form-urlencoded") }
                    let body = route.method == .POST ? (isAPI ? "{}" : "_csrf=\(session?.csrf ?? "")") : nil
                    let response = try await haven.request(route.method, target, headers: headers, body: body)
                    let text = response.body.string
                    let reveals = text.contains(Self.fixtureName) || text.contains("Zebedee")
                    if reveals { revealedTo.insert("\(role)\(secondFactor ? "+2fa" : "")") }
                    #expect(!reveals || mayReveal(role: role, secondFactor: secondFactor, route: route),
                            "\(role) (second factor: \(secondFactor)) saw the child on \(route.method) \(target): \(response.status)")
                    let canary = text.contains(Self.dslAddendumCanary)
                    if canary { canarySeenBy.insert("\(role)\(secondFactor ? "+2fa" : "")") }
                    #expect(!canary || (secondFactor && ["dsl", "deputy_dsl"].contains(role)),
                            "\(role) (second factor: \(secondFactor)) saw the DSL's addendum on \(route.method) \(target)")
                    #expect(response.status.code < 500, "\(route.method) \(target) as \(role): \(response.status)")
                }
            }
            // The positive control: the people with need-to-know really do see the child, so the
            // absence above is not an artefact of a broken page.
            #expect(revealedTo.isSuperset(of: ["dsl+2fa", "deputy_dsl+2fa", "reporter+2fa"]))
            #expect(canarySeenBy == ["dsl+2fa", "deputy_dsl+2fa"])
            #expect(!LogCapture.shared.contains("Zebedee"), "the fixture child's name reached the logs")
        }
    }
}
