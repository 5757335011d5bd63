import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

@testable import HavenWeb

/// Issue 10.1: where sign-in sends someone next comes from the request, so it is hostile until
/// checked. Only a path one of Haven's own pages answers to may follow sign-in; anything else
/// (header injection, another site, a made-up path) falls back to the home page, and nothing
/// from it reaches a header raw.
@Suite("Sign-in's next is a known local path, never a header injection or another site")
struct SignInRedirectTests {
    /// As they would appear in a crafted link (percent-encoded in the query or form body).
    static let hostile = [
        "/%0D%0ASet-Cookie:%20haven_session=planted", "/%0ASet-Cookie:%20haven_session=planted",
        "/%0DSet-Cookie:%20haven_session=planted", "/concerns/new%0D%0ALocation:%20https://evil.example",
        "%09//evil.example/", "/%09/evil.example/", "/%00", "/concerns/new%00",
        "//evil.example/", "/%5Cevil.example/", "/%5C%5Cevil.example/", "%5C%5Cevil.example/", "/%2F/evil.example",
        "https://evil.example/", "http:%2F%2Fevil.example", "javascript:alert(1)", "evil.example",
        "/no-such-page", "/../etc/passwd", "/concerns/..%2F..%2Fadmin", "/concerns/%2E%2E",
        "/sign-out", "/" + String(repeating: "a", count: 3000),
    ]

    static func headerValuesAreClean(_ headers: HTTPHeaders) -> Bool {
        headers.allSatisfy { _, value in
            !value.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "\0" || $0 == "\t" }
        }
    }

    /// The anonymous CSRF token the sign-in page hands out, and the page itself.
    func signInPage(_ haven: TestHaven, query: String = "") async throws -> (token: String, body: String) {
        let page = try await haven.request(.GET, "/sign-in" + query)
        #expect(page.status == .ok)
        #expect(Self.headerValuesAreClean(page.headers))
        return (try #require(page.headers.setCookie?["haven_csrf"]).string, page.body.string)
    }

    func postSignIn(_ haven: TestHaven, next rawNext: String, query: String = "") async throws -> TestingHTTPResponse {
        let (token, _) = try await signInPage(haven)
        let person = haven.people["dsl"]!
        let body =
            "email=\(TestHaven.encode(person.email))&password=\(TestHaven.encode(person.password))&_csrf=\(token)&next=\(rawNext)"
        return try await haven.request(
            .POST, "/sign-in" + query,
            headers: [
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": "haven_csrf=\(token)",
            ], body: body)
    }

    @Test(arguments: hostile)
    func theSignInPageKeepsOnlyALocalPath(_ next: String) async throws {
        try await TestHaven.with(.sqlite) { haven in
            let (_, body) = try await signInPage(haven, query: "?next=\(next)")
            #expect(body.contains(#"name="next" value="/""#), "\(next) survived into the form")
            #expect(!body.contains("planted") && !body.contains("evil.example"))
        }
    }

    @Test(arguments: hostile)
    func signingInWithAHostileNextGoesHome(_ next: String) async throws {
        try await TestHaven.with(.sqlite) { haven in
            for query in ["", "?next=\(next)"] {
                let response = try await postSignIn(haven, next: next, query: query)
                #expect(response.status == .seeOther)
                #expect(Self.headerValuesAreClean(response.headers), "\(next): a header carries a control character")
                #expect(
                    response.headers.first(name: .location) == "/sign-in/second-factor",
                    "\(next) → \(response.headers.first(name: .location) ?? "")")
                let cookies = response.headers[.setCookie]
                #expect(cookies.count == 1 && cookies[0].hasPrefix("haven_session=") && !cookies[0].contains("planted"))
            }
        }
    }

    @Test(arguments: hostile)
    func passingTheSecondFactorWithAHostileNextGoesHome(_ next: String) async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("dsl", secondFactor: false)
            haven.clock.advance(by: 31)
            let code = TOTPCode.code(
                secret: haven.people["dsl"]!.totpSecret, step: TOTPCode.step(at: haven.clock.now()))
            var headers = session.cookieHeaders
            headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
            let response = try await haven.request(
                .POST, "/sign-in/second-factor?next=\(next)", headers: headers,
                body: "code=\(code)&next=\(next)&_csrf=\(session.csrf)")
            #expect(response.status == .seeOther)
            #expect(Self.headerValuesAreClean(response.headers))
            #expect(
                response.headers.first(name: .location) == "/",
                "\(next) → \(response.headers.first(name: .location) ?? "")")
        }
    }

    /// A page that needs signing in sends the person to sign in and back; a path Haven does
    /// not know is not carried along, and the API answers with a problem, never a redirect.
    @Test(arguments: hostile)
    func unauthorisedRequestsNeverEchoAHostilePath(_ next: String) async throws {
        try await TestHaven.with(.sqlite) { haven in
            for path in ["/concerns/\(next)", "/api/v1/concerns/\(next)", "/children/\(next)/chronology"] {
                let response = try await haven.request(.GET, path)
                #expect(Self.headerValuesAreClean(response.headers), "\(path)")
                if let location = response.headers.first(name: .location) {
                    #expect(location == "/sign-in", "\(path) → \(location)")
                }
                #expect(
                    !response.headers.contains { $0.value.contains("planted") || $0.value.contains("evil.example") })
            }
        }
    }

    @Test func aKnownPageIsKeptThroughSignInAndTheSecondFactor() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Ottoline Returnpath").receipt.concernID
            let (_, form) = try await signInPage(haven, query: "?next=/concerns/\(id)")
            #expect(form.contains(#"name="next" value="/concerns/\#(id)""#))
            let unauthorised = try await haven.request(.GET, "/concerns/\(id)")
            #expect(unauthorised.headers.first(name: .location) == "/sign-in?next=%2Fconcerns%2F\(id)")
            let signedIn = try await postSignIn(haven, next: "%2Fconcerns%2F\(id)")
            #expect(signedIn.headers.first(name: .location) == "/sign-in/second-factor?next=%2Fconcerns%2F\(id)")
            let token = try #require(signedIn.headers.setCookie?["haven_session"]).string
            let codePage = try await haven.request(
                .GET, "/sign-in/second-factor?next=%2Fconcerns%2F\(id)", headers: ["Cookie": "haven_session=\(token)"])
            #expect(codePage.body.string.contains(#"name="next" value="/concerns/\#(id)""#))
            let csrf = try #require(codePage.body.string.firstMatch(of: /name="_csrf" value="([^"]+)"/)).1
            haven.clock.advance(by: 31)
            let code = TOTPCode.code(
                secret: haven.people["dsl"]!.totpSecret, step: TOTPCode.step(at: haven.clock.now()))
            let passed = try await haven.request(
                .POST, "/sign-in/second-factor",
                headers: [
                    "Cookie": "haven_session=\(token)", "Content-Type": "application/x-www-form-urlencoded",
                ],
                body: "code=\(code)&_csrf=\(csrf)&next=%2Fconcerns%2F\(id)")
            #expect(passed.headers.first(name: .location) == "/concerns/\(id)")
        }
    }

    @Test(arguments: [
        ("/", true), ("/concerns/new", true), ("/inbox", true),
        ("/concerns/0192a4b0-0000-7000-8000-000000000000", true),
        ("/children/0192a4b0-0000-7000-8000-000000000000/access-log", true),
        ("/children/0192a4b0-0000-7000-8000-000000000000/chronology", false),
        ("/concerns/not-an-id", false), ("/api/v1/inbox", false), ("/sign-in", false), ("/healthz", false),
        ("", false), ("concerns/new", false), ("//concerns/new", false), ("/concerns/new?x=1", false),
        ("/concerns/new#x", false),
        ("/concerns/new\r\nX: y", false), ("/concerns/ne\tw", false), ("/concerns/new\0", false),
        ("/concerns/../inbox", false),
        ("/concerns/%2e%2e", false), ("/sign-out", false), ("/no-such-page", false), ("/concerns/new/", false),
        ("/\u{FF0F}evil", false),
    ])
    func localPathsAreOnlyHavensOwnPages(_ path: String, _ accepted: Bool) async throws {
        try await TestHaven.with(.sqlite) { haven in
            #expect((LocalPath(path, routes: haven.app.routes) != nil) == accepted, "\(path.debugDescription)")
        }
    }

    /// The last resort: whatever a handler put in a header, a value carrying CR, LF or NUL never
    /// leaves Haven.
    @Test func aHeaderValueWithALineBreakIsNeverSent() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let request = Request(
                application: haven.app, method: .GET, url: URI(path: "/"), on: haven.app.eventLoopGroup.any())
            for bad in ["a\r\nSet-Cookie: planted=1", "a\nb", "a\rb", "a\0b"] {
                struct Handler: AsyncResponder {
                    let value: String
                    func respond(to request: Request) async throws -> Response {
                        Response(status: .seeOther, headers: ["Location": value])
                    }
                }
                let response = try await SecurityHeaders().respond(to: request, chainingTo: Handler(value: bad))
                #expect(response.status == .internalServerError)
                #expect(response.headers.first(name: .location) == nil)
                #expect(Self.headerValuesAreClean(response.headers))
            }
        }
    }
}
