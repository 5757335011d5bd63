import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import HavenWeb
import Testing
import Vapor
import VaporTesting

@Suite("R1.6 sign-in, CSRF, second factor, headers")
struct SecurityTests {
    func concernCount(_ haven: TestHaven) async throws -> Int {
        try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
    }

    static let form: [(String, String)] = [
        ("child.name", "Ottilie Formpost"), ("howItArose", "observed"),
        ("account", "She said she is scared of the dark at home."),
    ]

    @Test func aFormWithoutTheSessionsCSRFTokenIsRefusedAndStoresNothing() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let missing = try await haven.postForm("/concerns", Self.form, session: session, csrf: "")
            #expect(missing.status == .forbidden)
            let wrong = try await haven.postForm("/concerns", Self.form, session: session, csrf: "not-the-token")
            #expect(wrong.status == .forbidden)
            #expect(try await concernCount(haven) == 0)
            let good = try await haven.postForm("/concerns", Self.form, session: session)
            #expect(good.status == .seeOther)
            #expect(good.headers.first(name: .location)?.hasPrefix("/receipts/") == true)
            #expect(try await concernCount(haven) == 1)
        }
    }

    @Test func signInFormNeedsItsDoubleSubmitToken() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let page = try await haven.request(.GET, "/sign-in")
            let cookie = try #require(page.headers.setCookie?["haven_csrf"])
            #expect(cookie.isHTTPOnly)
            let fields = "email=reporter%40fixture.haven.test&password=fixture-password-reporter"
            let refused = try await haven.request(
                .POST, "/sign-in", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: fields)
            #expect(refused.status == .forbidden)
            let accepted = try await haven.request(
                .POST, "/sign-in",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded", "Cookie": "haven_csrf=\(cookie.string)",
                ],
                body: fields + "&_csrf=\(cookie.string)")
            #expect(accepted.status == .seeOther)
            let session = try #require(accepted.headers.setCookie?["haven_session"])
            #expect(session.isHTTPOnly)
            #expect(session.sameSite == .lax)
            #expect(!session.isSecure)  // the test's public URL is plain http
        }
    }

    @Test func caseContentNeedsTheSecondFactor() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Perpetua Twofactor").receipt.concernID
            let passwordOnly = try await haven.signIn("dsl", secondFactor: false)
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: passwordOnly.cookieHeaders)
            #expect(page.status == .seeOther)
            #expect(page.headers.first(name: .location) == "/sign-in/second-factor")
            let api = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: passwordOnly)
            #expect(api.status == .forbidden)
            #expect(api.body.string.contains("secondFactor"))
            #expect(!api.body.string.contains("Perpetua"))
            // The same person, after the second factor, sees it.
            let full = try await haven.signIn("dsl")
            let opened = try await haven.request(.GET, "/concerns/\(id)", headers: full.cookieHeaders)
            #expect(opened.status == .ok)
            #expect(opened.body.string.contains("Perpetua Twofactor"))
        }
    }

    @Test func secondFactorByAPIWithTOTPAndRecoveryCode() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let dsl = haven.people["dsl"]!
            let created = try await haven.api(
                .POST, "/api/v1/sessions", session: nil,
                json: #"{"email":"\#(dsl.email)","password":"\#(dsl.password)"}"#)
            #expect(created.status == .created)
            struct Out: Decodable { let token: String }
            let token = try JSONDecoder().decode(Out.self, from: Data(created.body.string.utf8)).token
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            let wrong = try await haven.request(
                .POST, "/api/v1/sessions/current/second-factor", headers: headers, body: #"{"code":"000000"}"#)
            #expect(wrong.status == .unauthorized)
            let recovery = try await haven.request(
                .POST, "/api/v1/sessions/current/second-factor", headers: headers, body: #"{"code":"recovery-dsl"}"#)
            #expect(recovery.status == .ok)
            // Issue 10.7: passing the second factor gives the session a new token; the old one stops working.
            let rotated = try JSONDecoder().decode(Out.self, from: Data(recovery.body.string.utf8)).token
            #expect(rotated != token)
            #expect(try await haven.request(.GET, "/api/v1/inbox", headers: headers).status == .unauthorized)
            #expect(
                try await haven.request(.GET, "/api/v1/inbox", headers: ["Authorization": "Bearer \(rotated)"]).status
                    == .ok)
            // A recovery code works once only.
            let again = try await haven.api(
                .POST, "/api/v1/sessions", session: nil,
                json: #"{"email":"\#(dsl.email)","password":"\#(dsl.password)"}"#)
            let second = try JSONDecoder().decode(Out.self, from: Data(again.body.string.utf8)).token
            let reused = try await haven.request(
                .POST, "/api/v1/sessions/current/second-factor",
                headers: ["Authorization": "Bearer \(second)", "Content-Type": "application/json"],
                body: #"{"code":"recoverydsl"}"#)
            #expect(reused.status == .unauthorized)
        }
    }

    /// Issue 10.8: failed sign-ins slow down (doubling waits) but never lock the account for
    /// everyone: someone guessing from many addresses cannot keep the DSL out for more than 30 s.
    @Test func failedSignInsSlowDownButNeverLockTheAccount() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let dsl = haven.people["dsl"]!
            func attempt(_ password: String) async throws -> HTTPStatus {
                try await haven.api(
                    .POST, "/api/v1/sessions", session: nil,
                    json: #"{"email":"\#(dsl.email)","password":"\#(password)"}"#
                ).status
            }
            for _ in 0..<3 { #expect(try await attempt("wrong-password") == .unauthorized) }
            let slowed = try await haven.api(
                .POST, "/api/v1/sessions", session: nil,
                json: #"{"email":"\#(dsl.email)","password":"\#(dsl.password)"}"#)
            #expect(slowed.status == .tooManyRequests)
            #expect(slowed.body.string.contains("Wait 1 second"))
            haven.clock.advance(by: 1)
            #expect(try await attempt("wrong-password") == .unauthorized)
            #expect(try await attempt(dsl.password) == .tooManyRequests)
            haven.clock.advance(by: 2)
            #expect(try await attempt(dsl.password) == .created)

            // Someone guessing from 200 addresses: the DSL, from their own, waits at most 30 seconds.
            for index in 0..<200 {
                do {
                    _ = try await SignIn(haven.env)(
                        email: dsl.email, password: "guess-\(index)", from: "203.0.113.\(index % 250)")
                } catch SignInError.wrongCredentials {} catch SignInError.throttled {}
            }
            await #expect(throws: SignInError.self) {
                _ = try await SignIn(haven.env)(email: dsl.email, password: dsl.password, from: "198.51.100.7")
            }
            haven.clock.advance(by: 30)
            _ = try await SignIn(haven.env)(email: dsl.email, password: dsl.password, from: "198.51.100.7")
        }
    }

    @Test func securityHeadersAndHealthCheck() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let health = try await haven.request(.GET, "/healthz")
            #expect(health.status == .ok)
            #expect(health.body.string == "ok\n")
            let session = try await haven.signIn("dsl")
            let id = try await haven.recordConcern(about: "Headers Child").receipt.concernID
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: session.cookieHeaders)
            let csp = page.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            #expect(!page.body.string.contains("<script>"))
            #expect(page.body.string.contains("call 999"))
        }
    }

    /// The stylesheet and script are served (with the security headers) to GET; nothing else under
    /// the public folder is, and a path outside it is never looked up on disk. An error answer
    /// still carries the headers (the middlewares run as one chain, error handling outermost).
    @Test func staticFilesOnlyWhereTheyLiveAndHeadersEvenOnErrors() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let css = try await haven.request(.GET, "/css/haven.css")
            #expect(css.status == .ok)
            #expect(css.headers.contentType?.subType == "css")
            #expect((css.headers.first(name: "Content-Security-Policy") ?? "").contains("frame-ancestors 'none'"))
            #expect(try await haven.request(.HEAD, "/js/haven.js").status == .ok)
            #expect(try await haven.request(.POST, "/css/haven.css").status == .notFound)
            #expect(try await haven.request(.GET, "/haven.css").status == .notFound)
            #expect(try await haven.request(.GET, "/css/../css/haven.css").status != .ok)
            let missing = try await haven.request(.GET, "/no-such-page")
            #expect(missing.status == .notFound)
            #expect((missing.headers.first(name: "Content-Security-Policy") ?? "").contains("frame-ancestors 'none'"))
            #expect(missing.headers.first(name: "X-Content-Type-Options") == "nosniff")
        }
    }

    /// Issue 10.9: a static path with `..`, an encoded separator or NUL is not one of Haven's
    /// files: 404, never a 500, a 400 that shows the path was looked at, or another file.
    @Test(arguments: [
        "/css/..%2F..%2FPackage.swift", "/css/%2e%2e/%2e%2e/Package.swift", "/css/%2E%2E%2FPackage.swift",
        "/css/haven.css%00",
        "/css/%00", "/js/haven.js%00.css", "/js/..%5Chaven.js", "/css/../js/haven.js", "/css//haven.css",
        "/css/.hidden",
        "/css/", "/js/%2e%2e", "/css/haven.css/", "/css/haven%2Ecss",
    ])
    func staticPathsOutsideTheirFolderAre404(_ path: String) async throws {
        try await TestHaven.with(.sqlite) { haven in
            let response = try await haven.request(.GET, path)
            #expect(response.status == .notFound, "\(path) → \(response.status)")
            #expect(!response.body.string.contains("swift-tools-version") && !response.body.string.contains("function"))
        }
    }

    @Test func anOrganisationCanRequireTheSecondFactorForEveryone() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            #expect(try await haven.request(.GET, "/concerns/new", headers: reporter.cookieHeaders).status == .ok)
            var profile = OrganisationProfile(
                name: "Test Org", kind: .voluntary, localAuthorityAreas: [], isEducationSetting: false,
                regulator: nil, hasStatutoryContract: false, settingsProfile: .voluntary)
            profile.secondFactorRequiredForEveryone = true
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            try await ManageOrganisation(haven.env).save(profile, by: admin)
            let blocked = try await haven.request(.GET, "/concerns/new", headers: reporter.cookieHeaders)
            #expect(blocked.status == .seeOther)
            #expect(blocked.headers.first(name: .location) == "/sign-in/second-factor")
            let api = try await haven.api(
                .POST, "/api/v1/concerns", session: reporter,
                json: #"{"howItArose":"observed","account":"x","child":{"name":"A"}}"#)
            #expect(api.status == .forbidden)
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 0)
            let full = try await haven.signIn("reporter")
            #expect(try await haven.request(.GET, "/concerns/new", headers: full.cookieHeaders).status == .ok)
        }
    }

    @Test func signOutAndRoleChangesTakeEffectOnTheNextRequest() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let dsl = try await haven.signIn("dsl")
            #expect(try await haven.api(.GET, "/api/v1/inbox", session: dsl).status == .ok)
            // served with a cached session
            #expect(try await haven.api(.GET, "/api/v1/inbox", session: dsl).status == .ok)
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            try await ManagePeople(haven.env).setRoles(dsl.person.id, to: [.reporter], by: admin)
            #expect(try await haven.api(.GET, "/api/v1/inbox", session: dsl).status == .forbidden)
            let deputy = try await haven.signIn("deputy_dsl")
            #expect(try await haven.api(.GET, "/api/v1/inbox", session: deputy).status == .ok)
            #expect(try await haven.api(.DELETE, "/api/v1/sessions/current", session: deputy).status == .noContent)
            #expect(try await haven.api(.GET, "/api/v1/inbox", session: deputy).status == .unauthorized)
        }
    }

    @Test func theRecordingFormOffersTheOrganisationsCategories() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let saved = try await haven.postForm(
                "/admin/organisation/settings",
                [
                    ("triageTargetWorkingDays", "0"), ("trainingRefreshYears", "3"), ("concernRetentionYears", "10"),
                    ("childAgeLimit", "18"),
                    ("categories[]", "neglect"), ("categories[]", "online_abuse"),
                ], session: admin)
            #expect(saved.status == .seeOther)
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let form = try await haven.request(.GET, "/concerns/new", headers: reporter.cookieHeaders).body.string
            #expect(
                form.contains(#"value="neglect""#) && form.contains(#"value="online_abuse""#)
                    && form.contains(#"value="other""#))
            #expect(!form.contains(#"value="fgm""#))
            let refused = try await haven.postForm(
                "/admin/organisation/settings", [("concernRetentionYears", "2")], session: admin)
            #expect(refused.status == .unprocessableEntity)
        }
    }

    /// Issue 10.8: over https the cookies carry the __Host- prefix and Secure, HSTS is sent, and a
    /// cookie without the prefix (which a neighbouring subdomain could have set) is not accepted.
    @Test func overHTTPSCookiesAreHostPrefixedAndHSTSIsSent() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.publicURL = "https://haven.example.org" }) { haven in
            let page = try await haven.request(.GET, "/sign-in")
            #expect(page.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
            let csrf = try #require(page.headers.setCookie?["__Host-haven_csrf"])
            #expect(csrf.isSecure && csrf.isHTTPOnly && csrf.path == "/" && csrf.domain == nil)
            let person = haven.people["reporter"]!
            let signedIn = try await haven.request(
                .POST, "/sign-in",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded", "Cookie": "__Host-haven_csrf=\(csrf.string)",
                ],
                body:
                    "email=\(TestHaven.encode(person.email))&password=\(TestHaven.encode(person.password))&_csrf=\(csrf.string)"
            )
            let session = try #require(signedIn.headers.setCookie?["__Host-haven_session"])
            #expect(session.isSecure && session.isHTTPOnly && session.path == "/" && session.sameSite == .lax)
            #expect(signedIn.headers.setCookie?["haven_session"] == nil)
            #expect(
                try await haven.request(
                    .GET, "/concerns/new", headers: ["Cookie": "__Host-haven_session=\(session.string)"]
                ).status == .ok)
            #expect(
                try await haven.request(.GET, "/concerns/new", headers: ["Cookie": "haven_session=\(session.string)"])
                    .status == .seeOther)
        }
        try await TestHaven.with(.sqlite) { haven in
            let page = try await haven.request(.GET, "/sign-in")
            #expect(page.headers.first(name: "Strict-Transport-Security") == nil)
            #expect(page.headers.setCookie?["haven_csrf"]?.isSecure == false)
        }
    }

    /// Issue 10.8: an http public URL behind an https proxy is a misconfiguration, said loudly.
    @Test func httpsArrivingAtAnHTTPHavenIsWarnedAbout() async throws {
        try await TestHaven.with(.sqlite) { haven in
            _ = try await haven.request(.GET, "/sign-in", headers: ["X-Forwarded-Proto": "https"])
            #expect(LogCapture.shared.contains("requests arrive forwarded as https but HAVEN_PUBLIC_URL is http"))
        }
    }
}
