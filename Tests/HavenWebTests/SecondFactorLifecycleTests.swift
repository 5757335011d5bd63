import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 10.7, R1.6: Haven, not the browser, makes the secret and recovery codes; replacing a
/// factor needs the password and the current factor; passing it gives the session a new token.
@Suite("R1.6 the second factor's life cycle")
struct SecondFactorLifecycleTests {
    func withoutSecondFactor(_ haven: TestHaven, _ key: String) async throws {
        let id = haven.people[key]!.id
        try await haven.env.unitOfWork.write { tx in
            try await tx.people.setSecondFactor(id, secret: nil, recoveryCodeHashes: [])
        }
    }

    /// The secret and codes the enrolment page shows.
    func shown(_ page: String) throws -> (secret: [UInt8], codes: [String]) {
        let secret = try #require(page.firstMatch(of: /id="totp-secret" class="secret">([A-Z2-7 ]+)</)).1
        let codes = page.matches(of: /<li><code>([a-z0-9]{5}-[a-z0-9]{5})<\/code><\/li>/).map { String($0.1) }
        return (try #require(Base32.decode(String(secret).replacingOccurrences(of: " ", with: ""))), codes)
    }

    func code(_ secret: [UInt8], _ haven: TestHaven) -> String {
        TOTPCode.code(secret: secret, step: TOTPCode.step(at: haven.clock.now()))
    }

    @Test func theBrowserCannotChooseTheSecretOrTheRecoveryCodes() async throws {
        try await TestHaven.with(.sqlite) { haven in
            try await withoutSecondFactor(haven, "reporter")
            let session = try await haven.signIn("reporter", secondFactor: false)
            let page = try await haven.request(.GET, "/account/second-factor", headers: session.cookieHeaders)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<svg") && page.body.string.contains("id=\"totp-qr\""))
            let (secret, codes) = try shown(page.body.string)
            #expect(codes.count == 10)
            // The same proposal while it is fresh (a reload shows the same key).
            #expect(
                try shown(
                    try await haven.request(.GET, "/account/second-factor", headers: session.cookieHeaders).body.string
                ).secret == secret)
            // A secret and codes of the browser's own are ignored.
            let chosen: [UInt8] = Array(repeating: 7, count: 20)
            let forged = try await haven.postForm(
                "/account/second-factor",
                [("secret", Base32.encode(chosen)), ("codes", "1"), ("code", code(chosen, haven))], session: session)
            #expect(forged.status == .unprocessableEntity)
            let confirmed = try await haven.postForm(
                "/account/second-factor", [("code", code(secret, haven))], session: session)
            #expect(confirmed.status == .seeOther)
            let credentials = try await haven.env.unitOfWork.read { tx in
                try await tx.people.credentials(session.person.id)
            }
            #expect(credentials?.totpSecret == secret)
            // The codes shown work; "1" never was one.
            let fresh = try await SignIn(haven.env)(email: session.person.email, password: session.person.password)
            await #expect(throws: SignInError.wrongCode) {
                try await PassSecondFactor(haven.env)(session: fresh.session, code: "1")
            }
            let later = try await SignIn(haven.env)(email: session.person.email, password: session.person.password)
            _ = try await PassSecondFactor(haven.env)(session: later.session, code: codes[3])
        }
    }

    /// A proposal belongs to the session it was shown to.
    @Test func anotherSessionCannotConfirmAProposal() async throws {
        try await TestHaven.with(.sqlite) { haven in
            try await withoutSecondFactor(haven, "reporter")
            let first = try await haven.signIn("reporter", secondFactor: false)
            let second = try await haven.signIn("reporter", secondFactor: false)
            let (secret, _) = try shown(
                try await haven.request(.GET, "/account/second-factor", headers: first.cookieHeaders).body.string)
            let other = try await haven.postForm(
                "/account/second-factor", [("code", code(secret, haven))], session: second)
            #expect(other.status == .unprocessableEntity)
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.people.credentials(first.person.id) }?
                    .totpSecret == nil)
        }
    }

    @Test func replacingAFactorNeedsThePasswordAndTheCurrentFactor() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let person = haven.people["deputy_dsl"]!
            let session = try await haven.signIn("deputy_dsl")
            let elsewhere = try await haven.signIn("deputy_dsl")
            let page = try await haven.request(.GET, "/account/second-factor", headers: session.cookieHeaders).body
                .string
            #expect(page.contains("id=\"currentCode\"") && page.contains("id=\"password\""))
            let (secret, _) = try shown(page)
            haven.clock.advance(by: 31)
            let bare = try await haven.postForm(
                "/account/second-factor", [("code", code(secret, haven))], session: session)
            #expect(bare.status == .unprocessableEntity)
            #expect(bare.body.string.contains(#"data-field="password""#))
            let wrongPassword = try await haven.postForm(
                "/account/second-factor",
                [
                    ("code", code(secret, haven)), ("password", "not my password at all"),
                    ("currentCode", code(person.totpSecret, haven)),
                ], session: session)
            #expect(wrongPassword.status == .unprocessableEntity)
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.people.credentials(person.id) }?.totpSecret
                    == person.totpSecret)
            let noCurrent = try await haven.postForm(
                "/account/second-factor",
                [
                    ("code", code(secret, haven)), ("password", person.password),
                    ("currentCode", "000000"),
                ], session: session)
            #expect(
                noCurrent.status == .unprocessableEntity && noCurrent.body.string.contains(#"data-field="currentCode""#)
            )
            haven.clock.advance(by: 31)
            let replaced = try await haven.postForm(
                "/account/second-factor",
                [
                    ("code", code(secret, haven)), ("password", person.password),
                    ("currentCode", code(person.totpSecret, haven)),
                ], session: session)
            #expect(replaced.status == .seeOther)
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.people.credentials(person.id) }?.totpSecret
                    == secret)
            // Other sessions end, this one goes on under its new token, and the person is told.
            #expect(try await haven.api(.GET, "/api/v1/categories", session: elsewhere).status == .unauthorized)
            let token = try #require(replaced.headers.setCookie?["haven_session"]).string
            #expect(
                try await haven.request(.GET, "/api/v1/categories", headers: ["Authorization": "Bearer \(token)"])
                    .status == .ok)
            let emails = try await haven.env.unitOfWork.read { tx in
                try await tx.alerts.dueEmails(at: haven.clock.now().addingTimeInterval(60), limit: 100)
            }
            #expect(emails.contains { $0.to == person.email && $0.subject == "Your Haven second factor was replaced" })
        }
    }

    @Test func passingTheSecondFactorGivesTheSessionANewToken() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("dsl", secondFactor: false)
            haven.clock.advance(by: 31)
            var headers = session.cookieHeaders
            headers.add(name: .contentType, value: "application/x-www-form-urlencoded")
            let passed = try await haven.request(
                .POST, "/sign-in/second-factor", headers: headers,
                body: "code=\(code(haven.people["dsl"]!.totpSecret, haven))&_csrf=\(session.csrf)")
            #expect(passed.status == .seeOther)
            let token = try #require(passed.headers.setCookie?["haven_session"]).string
            #expect(token != session.token)
            #expect(try await haven.request(.GET, "/inbox", headers: session.cookieHeaders).status != .ok)
            #expect(
                try await haven.request(.GET, "/inbox", headers: ["Cookie": "haven_session=\(token)"]).status == .ok)
        }
    }
}
