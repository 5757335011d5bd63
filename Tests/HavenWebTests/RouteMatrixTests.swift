import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import HavenWeb
import Testing
import Vapor
import VaporTesting

/// R7.1: every route × everyone who might ask: anonymous, and each role with and without the
/// second factor, among them the delegate (the line manager the fixture concern is delegated to)
/// and the people its alert went to down the routing chain. What each should get is derived from
/// the access policy, by the rule each module's fixtures state for the route (`MatrixModules`),
/// not by the rule the route was registered with. Every route parameter comes from the fixtures
/// (an unknown one fails), and every write is sent a valid body, so it is authorisation that
/// refuses; a refused write must leave every row as it was. The fixture records' details (name,
/// date of birth, address, school, the alleged perpetrator, the account, the DSL's addendum) are
/// looked for in every answer, with positive controls: everyone the policy lets read them sees
/// them somewhere, and every route someone may use answers them. It doubles as the log-privacy
/// check: all of it runs with the logs asked for at trace, and nothing from it may reach them.
@Suite("Route × role need-to-know matrix")
struct RouteMatrixTests {
    struct Asker {
        let label: String
        /// The fixture role key, or nil for anonymous.
        let key: String?
        let secondFactor: Bool
        let actor: Actor?
    }

    /// Sent in every request's query string; it must never reach the logs.
    static let queryCanary = "Quince-Query-Canary-7f3a"

    enum Expected: Equatable {
        case allowed, refused
    }

    @Test func everyRouteHasAnAccessRule() async throws {
        try await TestHaven.with(.sqlite) { (haven: TestHaven) async throws in
            let missing = haven.app.routes.all.filter { route in route.access.map { _ in false } ?? true }.map(
                matrixKey)
            #expect(missing.isEmpty, "routes without an access rule: \(missing)")
            #expect(haven.app.routes.all.count > 60)
        }
    }

    static func askers(_ haven: TestHaven) -> [Asker] {
        var askers = [Asker(label: "anonymous", key: nil, secondFactor: false, actor: nil)]
        for (key, role) in TestHaven.fixtureRoles {
            for secondFactor in [true, false] {
                let actor = Actor(
                    person: haven.people[key]!.id, roles: Set(role.map { [$0] } ?? []), secondFactorPassed: secondFactor
                )
                askers.append(
                    Asker(label: key + (secondFactor ? "+2fa" : ""), key: key, secondFactor: secondFactor, actor: actor)
                )
            }
        }
        return askers
    }

    /// What the policy says `asker` should get from `route`, by the rule the module's fixtures
    /// state for it (not the rule the route was registered with: that is what is being tested).
    static func expected(_ route: Route, _ asker: Asker, _ world: MatrixWorld) -> Expected {
        switch world.rules[matrixKey(route)] {
        case .none: return .refused
        case .some(.anyone): return .allowed
        case .some(.signedIn): return asker.actor == nil ? .refused : .allowed
        case .some(.allowedBy(let permission)):
            guard let actor = asker.actor else { return .refused }
            return AccessPolicy.decide(permission, for: actor) == .allowed ? .allowed : .refused
        }
    }

    /// Whether an answer refuses: not signed in, not allowed, not found, or sent to sign in or
    /// to the second factor.
    static func refuses(_ response: TestingHTTPResponse, route: Route) -> Bool {
        if [401, 403, 404, 410].contains(response.status.code) { return true }
        guard (300..<400).contains(response.status.code), let location = response.headers.first(name: .location) else {
            return false
        }
        let signingIn = matrixKey(route) == "POST /sign-in" || matrixKey(route) == "POST /api/v1/sessions"
        return location == "/sign-in" || location.hasPrefix("/sign-in?")
            || (!signingIn && location.hasPrefix("/sign-in/second-factor"))
    }

    func target(_ route: Route, _ world: MatrixWorld) throws -> String {
        let overrides = world.routeParameters[matrixKey(route)] ?? [:]
        var path =
            "/"
            + (try route.path.map { component -> String in
                guard case .parameter(let name) = component else { return component.description }
                guard let value = overrides[name] ?? world.parameters[name] else {
                    throw MatrixGap(what: "no module's fixtures give a value for :\(name) (\(matrixKey(route)))")
                }
                return value
            }.joined(separator: "/"))
        path += "?seen=\(Self.queryCanary)"
        return path
    }

    struct MatrixGap: Error, CustomStringConvertible {
        let what: String
        var description: String { what }
    }

    func send(_ haven: TestHaven, _ route: Route, to path: String, as session: TestSession?, body: MatrixBody?)
        async throws -> TestingHTTPResponse
    {
        let isAPI = path.hasPrefix("/api/")
        var headers: HTTPHeaders = [:]
        if let session {
            headers =
                isAPI ? ["Authorization": "Bearer \(session.token)"] : ["Cookie": "haven_session=\(session.token)"]
        }
        var text: String?
        switch body {
        case .some(.upload(let fields, let file)):
            let boundary = "matrix-boundary"
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let csrf = session?.csrf ?? "matrix-anonymous-csrf"
            if session == nil { headers.add(name: "Cookie", value: "haven_csrf=\(csrf)") }
            return try await haven.request(
                route.method, path, headers: headers,
                bytes: TestHaven.multipart([("_csrf", csrf)] + fields, file: file, boundary: boundary))
        case .some(.document(let file)):
            // R3.1 over the API: the document itself is the body.
            headers.replaceOrAdd(name: .contentType, value: file.contentType)
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(file.filename)\"")
            return try await haven.request(
                route.method, path + "&notAPicture=true", headers: headers, bytes: file.bytes)
        case .none: break
        case .some(.json(let json)):
            headers.replaceOrAdd(name: .contentType, value: "application/json")
            text = json
        case .some(.form(let fields)):
            headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            // Signed in: the session's CSRF token. Anonymous: the sign-in pages' double-submitted cookie.
            let csrf = session?.csrf ?? "matrix-anonymous-csrf"
            if session == nil { headers.add(name: "Cookie", value: "haven_csrf=\(csrf)") }
            text = (fields + [("_csrf", csrf)]).map { "\(TestHaven.encode($0.0))=\(TestHaven.encode($0.1))" }.joined(
                separator: "&")
        }
        return try await haven.request(route.method, path, headers: headers, body: text)
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyRouteAnswersEveryoneAsThePolicySays(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            var world = MatrixWorld()
            for module in MatrixModules.all { try await module.seed(haven, into: &world) }
            let askers = Self.askers(haven)
            let routes = haven.app.routes.all
            let unstated = routes.map(matrixKey).filter { world.rules[$0] == nil }
            #expect(unstated.isEmpty, "no module's fixtures say who should be able to use \(unstated)")
            let stale = Set(world.rules.keys).subtracting(routes.map(matrixKey))
            #expect(stale.isEmpty, "fixtures state rules for routes that do not exist: \(stale.sorted())")
            // The alerts the fixtures sent (to the DSL, and down the chain) name no child and quote nothing.
            let snapshots = try await haven.snapshotter()
            let emails = try await snapshots.take().tables["outbox", default: ""]
            #expect(!emails.isEmpty)
            for secret in world.secrets { #expect(!secret.appears(in: emails), "an email carried \(secret.label)") }
            var sessions: [String: TestSession] = [:]
            var tokens: Set<String> = []
            for asker in askers {
                if let key = asker.key {
                    sessions[asker.label] = try await haven.signIn(key, secondFactor: asker.secondFactor)
                }
            }
            tokens.formUnion(sessions.values.map(\.token))
            var seen: [String: Set<String>] = [:]
            var answered: Set<String> = []

            func check(_ route: Route, _ asker: Asker, _ response: TestingHTTPResponse, wrote: [String]?) {
                let key = matrixKey(route)
                let expected = Self.expected(route, asker, world)
                let text = response.body.string + (response.headers.first(name: .location) ?? "")
                for secret in world.secrets where secret.appears(in: text) {
                    seen[secret.label, default: []].insert(asker.label)
                    let may = asker.actor.map { AccessPolicy.decide(secret.readableWith, for: $0) == .allowed } ?? false
                    #expect(may, "\(asker.label) saw \(secret.label) on \(key): \(response.status)")
                }
                #expect(response.status.code < 500, "\(key) as \(asker.label): \(response.status)")
                // N6: every word on every page, for every role, is in the catalogue (a missing key shows ⟦key⟧).
                #expect(!text.contains("⟦"), "\(key) as \(asker.label) names a key the catalogue does not have")
                var refused = Self.refuses(response, route: route)
                if world.endsTheSession.contains(key), let wrote { refused = !wrote.contains("sessions") }
                if expected == .refused {
                    #expect(
                        refused, "\(asker.label) should be refused \(key) by the policy, but got \(response.status)")
                    if let wrote {
                        #expect(
                            wrote.isEmpty,
                            "\(asker.label) should have been refused \(key) (answered \(response.status)), but it changed \(wrote)"
                        )
                    }
                } else {
                    #expect(!refused, "\(asker.label) may use \(key) by the policy, but got \(response.status)")
                    if !refused { answered.insert(key) }
                }
            }

            // Reads, with one session per asker.
            for route in routes where route.method == .GET {
                let path = try target(route, world)
                for asker in askers {
                    check(
                        route, asker,
                        try await send(
                            haven, route, to: path, as: asker.label == "anonymous" ? nil : sessions[asker.label],
                            body: nil),
                        wrote: nil)
                }
            }
            // Writes, each with a valid body; those the policy refuses go first, and must leave every
            // row as it was. A route that spends the session it is sent with gets a session of its own
            // for each asker, and everyone signs in afresh after it.
            for route in routes where route.method != .GET {
                let key = matrixKey(route)
                let makeBody = try #require(world.bodies[key], "no module's fixtures give a valid body for \(key)")
                let path = try target(route, world)
                let spends = world.spendsTheSession.contains(key)
                let ordered = askers.sorted {
                    (Self.expected(route, $0, world) == .refused ? 0 : 1)
                        < (Self.expected(route, $1, world) == .refused ? 0 : 1)
                }
                for asker in ordered {
                    var session = asker.key == nil ? nil : sessions[asker.label]
                    if spends, let key = asker.key {
                        session = try await haven.signIn(key, secondFactor: asker.secondFactor)
                    }
                    if let session { tokens.insert(session.token) }
                    let body = makeBody(haven, session)
                    let watched = Self.expected(route, asker, world) == .refused || world.endsTheSession.contains(key)
                    let before = watched ? try await snapshots.take() : nil
                    let response = try await send(haven, route, to: path, as: session, body: body)
                    var wrote: [String]?
                    if let before { wrote = try await snapshots.take().changed(since: before) }
                    check(route, asker, response, wrote: wrote)
                }
                if spends {
                    for asker in askers {
                        if let key = asker.key {
                            sessions[asker.label] = try await haven.signIn(key, secondFactor: asker.secondFactor)
                        }
                    }
                    tokens.formUnion(sessions.values.map(\.token))
                }
            }

            // Positive controls: every route someone may use answered them, and everyone the
            // policy lets read a fixture value did see it somewhere.
            for route in routes where askers.contains(where: { Self.expected(route, $0, world) == .allowed }) {
                #expect(
                    answered.contains(matrixKey(route)),
                    "nobody was answered by \(matrixKey(route)), though the policy allows some")
            }
            for secret in world.secrets where secret.mustBeSeen {
                let readers = Set(
                    askers.filter { asker in
                        asker.actor.map { AccessPolicy.decide(secret.readableWith, for: $0) == .allowed } ?? false
                    }.map(\.label))
                #expect(!readers.isEmpty)
                #expect(
                    readers.isSubset(of: seen[secret.label] ?? []),
                    "\(secret.label) was never shown to \(readers.subtracting(seen[secret.label] ?? []).sorted())")
            }
            // Log privacy: every page and every write above ran with the logs asked for at trace. None of it may carry a fixture value (as it is, in hex or in base64), a
            // session or bearer token, or a query string.
            let logs = LogCapture.shared.all.joined(separator: "\n")
            #expect(!logs.isEmpty)
            // Asked for trace, Haven logs at trace (its writer said so), while what the libraries
            // log at trace is dropped: the PostgreSQL driver logs every row it reads (it put the
            // child's date of birth, hex-encoded, in the log before this).
            #expect(haven.app.logger.logLevel == .trace)
            #expect(logs.contains("batch committed"))
            for secret in world.secrets { #expect(!secret.appears(in: logs), "\(secret.label) reached the logs") }
            #expect(!tokens.isEmpty && !tokens.contains { logs.contains($0) }, "a session token reached the logs")
            #expect(!logs.contains(Self.queryCanary), "a query string reached the logs")
        }
    }
}
