import Fluent
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import HavenApp

/// Issue 10.8, R1.6: changing and resetting passwords, bcrypt's limits, the idle timeout, and a
/// form that outlives its session.
@Suite("R1.6 passwords and sessions")
struct PasswordAndSessionTests {
    func emails(_ haven: TestHaven) async throws -> [OutboxEmail] {
        try await haven.env.unitOfWork.read { tx in
            try await tx.alerts.dueEmails(at: haven.clock.now().addingTimeInterval(3600), limit: 500)
        }
    }

    @Test func changingYourPasswordNeedsTheCurrentOneAndEndsOtherSessions() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let person = haven.people["reporter"]!
            let here = try await haven.signIn("reporter", secondFactor: false)
            let there = try await haven.signIn("reporter", secondFactor: false)
            let wrong = try await haven.postForm(
                "/account/password",
                [
                    ("currentPassword", "not it at all"), ("newPassword", "a brand new long passphrase"),
                    ("confirmPassword", "a brand new long passphrase"),
                ], session: here)
            #expect(
                wrong.status == .unprocessableEntity && wrong.body.string.marksInvalid("currentPassword"))
            // A password is never typed back into a page.
            #expect(!wrong.body.string.contains("not it at all"))
            let weak = try await haven.postForm(
                "/account/password",
                [
                    ("currentPassword", person.password), ("newPassword", "password1234"),
                    ("confirmPassword", "password1234"),
                ], session: here)
            #expect(weak.status == .unprocessableEntity && weak.body.string.problemLinks == ["newPassword"])
            let changed = try await haven.postForm(
                "/account/password",
                [
                    ("currentPassword", person.password), ("newPassword", "a brand new long passphrase"),
                    ("confirmPassword", "a brand new long passphrase"),
                ], session: here)
            #expect(changed.status == .seeOther)
            #expect(try await haven.api(.GET, "/api/v1/categories", session: there).status == .unauthorized)
            #expect(try await haven.api(.GET, "/api/v1/categories", session: here).status == .ok)
            #expect(
                try await haven.api(
                    .POST, "/api/v1/sessions", session: nil,
                    json: #"{"email":"\#(person.email)","password":"a brand new long passphrase"}"#
                ).status == .created)
            #expect(
                try await emails(haven).contains {
                    $0.to == person.email && $0.subject == "Your Haven password was changed"
                })
        }
    }

    /// A forgotten password: the same answer whether or not the email has an account; a link to
    /// the real address, which works once; at most three an hour.
    @Test func aForgottenPasswordIsResetByAnEmailedLink() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let person = haven.people["line_manager"]!
            func ask(_ email: String) async throws -> TestingHTTPResponse {
                let page = try await haven.request(.GET, "/sign-in/forgot")
                let csrf = try #require(page.headers.setCookie?["haven_csrf"]).string
                return try await haven.request(
                    .POST, "/sign-in/forgot",
                    headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "haven_csrf=\(csrf)"],
                    body: "email=\(TestHaven.encode(email))&_csrf=\(csrf)")
            }
            let known = try await ask(person.email)
            let unknown = try await ask("nobody-here@example.org")
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(
                known.body.string.contains("id=\"forgot-sent\"") && unknown.body.string.contains("id=\"forgot-sent\""))
            let sent = try await emails(haven).filter { $0.subject == "Set a new Haven password" }
            #expect(sent.map(\.to) == [person.email])
            let link = try #require(
                sent[0].body.firstMatch(of: /http:\/\/haven\.test(\/account\/reset-password\/[A-Za-z0-9_-]+)/)
            ).1
            let page = try await haven.request(.GET, String(link))
            let csrf = try #require(page.headers.setCookie?["haven_csrf"]).string
            let chosen = "an entirely new phrase for me"
            let done = try await haven.request(
                .POST, String(link),
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "haven_csrf=\(csrf)"],
                body: "password=\(TestHaven.encode(chosen))&confirmPassword=\(TestHaven.encode(chosen))&_csrf=\(csrf)")
            #expect(done.status == .seeOther)
            #expect(try await haven.request(.GET, String(link)).status == .notFound)
            #expect(
                try await haven.api(
                    .POST, "/api/v1/sessions", session: nil,
                    json: #"{"email":"\#(person.email)","password":"\#(chosen)"}"#
                ).status == .created)
            for _ in 0..<4 { _ = try await ask(person.email) }
            #expect(try await emails(haven).filter { $0.subject == "Set a new Haven password" }.count == 3)
        }
    }

    /// bcrypt reads only 72 bytes: a longer passphrase is hashed first, so every character counts.
    @Test func everyCharacterOfALongPassphraseCounts() throws {
        let hasher = BcryptPasswords(cost: 4)
        let long = String(repeating: "correct horse battery staple ", count: 3) + "one"
        let sameStart = String(repeating: "correct horse battery staple ", count: 3) + "two"
        #expect(long.utf8.count > 72)
        let hash = try hasher.hash(long)
        #expect(hasher.verify(long, against: hash))
        #expect(!hasher.verify(sameStart, against: hash))
        #expect(!hasher.verify("anything", against: hasher.unusableHash))
        #expect(hasher.unusableHash.hasPrefix("$2"))
    }

    @Test func aBcryptCostBelowTenIsForTestsOnly() throws {
        #expect(throws: ConfigurationError.self) { try HavenConfig.fromEnvironment(["HAVEN_BCRYPT_COST": "4"]) }
        #expect(try HavenConfig.fromEnvironment(["HAVEN_BCRYPT_COST": "4", "HAVEN_TESTING": "true"]).bcryptCost == 4)
        #expect(try HavenConfig.fromEnvironment([:]).bcryptCost == 12)
        #expect(try HavenConfig.fromEnvironment(["HAVEN_SESSION_IDLE_MINUTES": "45"]).sessionIdleTimeout == 45 * 60)
    }

    @Test func aSessionEndsAfterThirtyMinutesUnusedButNotWhileInUse() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            for _ in 0..<4 {
                haven.clock.advance(by: 20 * 60)
                #expect(try await haven.api(.GET, "/api/v1/categories", session: session).status == .ok)
            }
            haven.clock.advance(by: 31 * 60)
            #expect(try await haven.api(.GET, "/api/v1/categories", session: session).status == .unauthorized)
        }
    }

    /// A long account sent after the session ended is kept, sealed, for its author, and sent once
    /// they sign in again; nobody else sees it.
    @Test func aFormSentAfterTheSessionEndedIsKeptForItsAuthor() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            haven.clock.advance(by: 45 * 60)
            let account = String(repeating: "She said it happened again last night; ", count: 300) + "Kingfisher."
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Kept Form Child"), ("howItArose", "disclosed_by_child"), ("account", account),
                    ("categories[]", "neglect"), ("categories[]", "emotional_abuse"),
                ], session: session)
            #expect(sent.status == .seeOther)
            #expect(sent.headers.first(name: .location) == "/sign-in?kept=1")
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == 0)
            // Sealed in the database: the words are not there in the clear.
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            struct Row: Decodable { let sealed: String }
            let rows = try await sql.raw("SELECT sealed FROM kept_forms").all(decoding: Row.self)
            #expect(rows.count == 1 && !rows[0].sealed.contains("Kingfisher"))
            // Another person sees nothing of it.
            let other = try await haven.signIn("line_manager", secondFactor: false)
            #expect(
                !(try await haven.request(.GET, "/account/kept-forms", headers: other.cookieHeaders).body.string
                    .contains("Kingfisher")))
            // The author signs in again and is taken to it.
            let page = try await haven.request(.GET, "/sign-in")
            let csrf = try #require(page.headers.setCookie?["haven_csrf"]).string
            let person = haven.people["reporter"]!
            // The ended session's cookie is still in the browser: it must not get in the way of signing in.
            let signedIn = try await haven.request(
                .POST, "/sign-in",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "haven_csrf=\(csrf); haven_session=\(session.token)",
                ],
                body:
                    "email=\(TestHaven.encode(person.email))&password=\(TestHaven.encode(person.password))&_csrf=\(csrf)"
            )
            #expect(signedIn.headers.first(name: .location) == "/sign-in/second-factor?next=%2Faccount%2Fkept-forms")
            let fresh = try await haven.signIn("reporter", secondFactor: false)
            let kept = try await haven.request(.GET, "/account/kept-forms", headers: fresh.cookieHeaders).body.string
            #expect(kept.contains("A concern you were recording") && kept.contains("Kingfisher"))
            // Sending it again records the concern whole, and the kept copy goes.
            let id = try #require(kept.firstMatch(of: /name="_kept" value="([0-9a-f-]+)"/)).1
            var fields: [(String, String)] = [("_kept", String(id))]
            for match in kept.matches(of: /<input type="hidden" name="([^_"][^"]*)" value="([^"]*)">/) {
                fields.append((String(match.1), String(match.2).replacingOccurrences(of: "&#39;", with: "'")))
            }
            let resent = try await haven.postForm("/concerns", fields, session: fresh)
            #expect(resent.status == .seeOther)
            let waiting = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.untriaged(after: nil, limit: 10)
            }
            #expect(waiting.count == 1)
            let concern = try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(waiting[0].concernID) }
            #expect(concern?.content.account == account && concern?.content.categories.count == 2)
            #expect(
                !(try await haven.request(.GET, "/account/kept-forms", headers: fresh.cookieHeaders).body.string
                    .contains("Kingfisher")))
        }
    }

    /// Forms about one's own account hold secrets: they are never kept. And an ended session's
    /// cookie never stops the forgotten-password page from working.
    @Test func passwordsAreNeverKept() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let person = haven.people["reporter"]!
            let session = try await haven.signIn("reporter", secondFactor: false)
            haven.clock.advance(by: 45 * 60)
            let sent = try await haven.postForm(
                "/account/password",
                [
                    ("currentPassword", person.password), ("newPassword", "Brand-new-secret-77 long"),
                    ("confirmPassword", "Brand-new-secret-77 long"),
                ], session: session)
            #expect(sent.headers.first(name: .location) != "/sign-in?kept=1")
            #expect(
                try await haven.env.unitOfWork.read { tx in
                    try await tx.keptForms.forms(of: person.id, at: haven.clock.now())
                }.isEmpty)
            let page = try await haven.request(.GET, "/sign-in/forgot")
            let csrf = try #require(page.headers.setCookie?["haven_csrf"]).string
            let asked = try await haven.request(
                .POST, "/sign-in/forgot",
                headers: [
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": "haven_csrf=\(csrf); haven_session=\(session.token)",
                ],
                body: "email=\(TestHaven.encode(person.email))&_csrf=\(csrf)")
            #expect(asked.status == .ok && asked.body.string.contains("id=\"forgot-sent\""))
        }
    }

    /// When an administrator ends someone's sessions while they are writing, what they send is kept
    /// for them; and a person whose session has ended is told why on the sign-in page.
    @Test func aFormSentAfterAnAdministratorEndedTheSessionIsKept() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let admin = try await haven.signIn("administrator")
            #expect(
                try await haven.postForm("/admin/people/\(session.person.id)/sessions/end", [], session: admin).status
                    == .seeOther)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Ended Session Child"), ("howItArose", "observed"),
                    ("account", "Seen crying at pick-up again: Heron."),
                ], session: session)
            #expect(sent.headers.first(name: .location) == "/sign-in?kept=1")
            #expect(
                try await haven.env.unitOfWork.read { tx in
                    try await tx.keptForms.forms(of: session.person.id, at: haven.clock.now())
                }.count == 1)
            let page = try await haven.request(.GET, "/concerns/new", headers: session.cookieHeaders)
            #expect(page.headers.first(name: .location) == "/sign-in?next=%2Fconcerns%2Fnew&ended=1")
            #expect(
                try await haven.request(.GET, "/sign-in?next=%2Fconcerns%2Fnew&ended=1").body.string.contains(
                    "id=\"signed-out\""))
        }
    }

    /// R2.11: a picture pasted into an answer is not kept with a form sent after the session ended:
    /// the answer is kept as a sentence saying so, every other answer whole.
    @Test func aPicturePastedIntoAKeptFormIsLeftOut() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let admin = try await haven.signIn("administrator")
            _ = try await haven.postForm("/admin/people/\(session.person.id)/sessions/end", [], session: admin)
            let picture = "data:image/jpeg;base64," + String(repeating: "QUJD", count: 200)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Picture Kept Child"), ("howItArose", "observed"),
                    ("account", "Bruises on both arms: Wren."), ("injury", picture),
                ], session: session)
            #expect(sent.headers.first(name: .location) == "/sign-in?kept=1")
            let fresh = try await haven.signIn("reporter")
            let kept = try await haven.request(.GET, "/account/kept-forms", headers: fresh.cookieHeaders).body.string
            #expect(kept.contains("Bruises on both arms: Wren."))
            #expect(kept.contains("[A picture was pasted here.") && !kept.contains("base64") && !kept.contains("QUJD"))
        }
    }

    /// R7.1 (issue 12.7): a kept form holding case content (here what a child shared in
    /// confidence, which the DSL was adding when their session ended) is shown only once the
    /// second factor is passed; with a password alone the page says it is there, not what it says.
    @Test func aKeptFormWithCaseContentWaitsForTheSecondFactor() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let concern = try await haven.recordConcern(about: "Kept Confidence Child").receipt.concernID
            let session = try await haven.signIn("dsl")
            let admin = try await haven.signIn("administrator")
            _ = try await haven.postForm("/admin/people/\(session.person.id)/sessions/end", [], session: admin)
            let sent = try await haven.postForm(
                "/concerns/\(concern)/restricted/add",
                [("_form", "confidence-add"), ("text", "Canary-Kept-Confidence")],
                session: session)
            #expect(sent.headers.first(name: .location) == "/sign-in?kept=1")
            let password = try await haven.signIn("dsl", secondFactor: false)
            let page = try await haven.request(.GET, "/account/kept-forms", headers: password.cookieHeaders).body.string
            #expect(!page.contains("Canary-Kept-Confidence") && page.contains("id=\"kept-need-code\""))
            let withCode = try await haven.signIn("dsl")
            let full = try await haven.request(.GET, "/account/kept-forms", headers: withCode.cookieHeaders).body.string
            #expect(full.contains("Canary-Kept-Confidence") && !full.contains("id=\"kept-need-code\""))
        }
    }
}
