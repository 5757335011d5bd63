import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing
import Vapor
import VaporTesting

/// N1, R1.6: limits are applied before anything reaches the writer. A flood of guesses at emails
/// with no account stores nothing one by one; an address, or everyone together, failing too often
/// is slowed before any password is checked; a person recording faster than anyone does by hand
/// is paused; a concern names at most so many other children. Every limit is a setting.
@Suite("N1, R1.6 limits before the writer")
struct LimitsBeforeTheWriterTests {
    func rows(_ haven: TestHaven, _ table: String) async throws -> Int {
        struct Count: Decodable { let n: Int }
        let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: Count.self)?.n ?? -1
    }

    /// 200 guesses at emails that have no account, from 200 addresses: no row and no audit event
    /// each; one event carries their count. (The minute's timer is off: on a loaded machine the
    /// guesses take longer than a minute, and the timer would record part of them.)
    @Test func guessesAtUnknownEmailsAreCountedNotStoredOneByOne() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.unknownSignInsInterval = 0 }) { haven in
            let failuresBefore = try await rows(haven, "sign_in_failures")
            let eventsBefore = try await rows(haven, "audit_events")
            for index in 0..<200 {
                await #expect(throws: SignInError.wrongCredentials) {
                    _ = try await SignIn(haven.env)(
                        email: "nobody\(index)@example.org", password: "guess", from: "203.0.113.\(index % 250)")
                }
            }
            #expect(try await rows(haven, "sign_in_failures") == failuresBefore)
            #expect(try await rows(haven, "audit_events") == eventsBefore)
            try await RecordUnknownSignIns(haven.env)()
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            #expect(events.count == eventsBefore + 1)
            #expect(events.last?.action == AuditAction.unknownSignInsCounted.rawValue)
            #expect(events.last?.reason == "200 failed sign-ins for emails with no account")
            // Nothing more to record until there are more.
            try await RecordUnknownSignIns(haven.env)()
            #expect(try await rows(haven, "audit_events") == eventsBefore + 1)
        }
    }

    /// Past the allowance for one address, the next try waits, whatever the email or password:
    /// the right password is not even checked. Another address is not held up.
    @Test func anAddressFailingTooOftenWaitsBeforeAnyPasswordIsChecked() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.limits.failedSignInsPerAddress = 5 }) { haven in
            let dsl = haven.people["dsl"]!
            for index in 0..<5 {
                await #expect(throws: SignInError.wrongCredentials) {
                    _ = try await SignIn(haven.env)(
                        email: "someone\(index)@example.org", password: "guess", from: "198.51.100.20")
                }
            }
            await #expect(throws: SignInError.throttled(until: haven.clock.now().addingTimeInterval(1))) {
                _ = try await SignIn(haven.env)(email: dsl.email, password: dsl.password, from: "198.51.100.20")
            }
            _ = try await SignIn(haven.env)(email: dsl.email, password: dsl.password, from: "198.51.100.21")
        }
    }

    /// Too many failures everywhere in a minute (a guessing attack spread over many addresses):
    /// every sign-in waits for the minute, so the processors stay free for recording concerns.
    @Test func tooManyFailuresEverywhereMakeEverySignInWait() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.limits.failedSignInsPerMinute = 10 }) { haven in
            let dsl = haven.people["dsl"]!
            for index in 0..<10 {
                await #expect(throws: SignInError.wrongCredentials) {
                    _ = try await SignIn(haven.env)(
                        email: "someone\(index)@example.org", password: "guess", from: "203.0.113.\(index)")
                }
            }
            let response = try await haven.api(
                .POST, "/api/v1/sessions", session: nil,
                json: #"{"email":"\#(dsl.email)","password":"\#(dsl.password)"}"#)
            #expect(response.status == .tooManyRequests)
            // Those already signed in go on recording.
            _ = try await haven.recordConcern(about: "Still Recorded")
            haven.clock.advance(by: 61)
            _ = try await SignIn(haven.env)(email: dsl.email, password: dsl.password, from: "198.51.100.30")
        }
    }

    /// Attempts made at the same moment each see the others: twenty wrong passwords at once for
    /// one account from one address get no more tries than twenty in a row.
    @Test func attemptsAtTheSameMomentCannotRacePastTheThrottle() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let dsl = haven.people["dsl"]!
            let outcomes = await withTaskGroup(of: String.self, returning: [String].self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            _ = try await SignIn(haven.env)(
                                email: dsl.email, password: "wrong-password", from: "198.51.100.40")
                            return "signed in"
                        } catch SignInError.wrongCredentials { return "wrong" } catch SignInError.throttled {
                            return "wait"
                        } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            // Three free tries for one account from one address; everything else waits.
            #expect(outcomes.filter { $0 == "wrong" }.count <= 3, "\(outcomes)")
            #expect(outcomes.filter { $0 == "wait" }.count >= 17, "\(outcomes)")
        }
    }

    /// Retyping one's password to change it counts towards the account's throttle in the same
    /// step as it is checked, so a signed-in attacker cannot race many guesses past it at once.
    @Test func passwordConfirmationsAtTheSameMomentCannotRacePastTheThrottle() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter")
            guard let signedIn = try await ResolveSession(haven.env)(token: session.token) else {
                Issue.record("the session resolves")
                return
            }
            let outcomes = await withTaskGroup(of: String.self, returning: [String].self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            try await ChangePassword(haven.env)(
                                session: signedIn.session, current: "a wrong guess", new: "a new long passphrase here",
                                confirmation: "a new long passphrase here")
                            return "changed"
                        } catch let invalid as InvalidInput where invalid.errors.first?.field == "currentPassword" {
                            return "wrong"
                        } catch SignInError.throttled { return "wait" } catch { return "\(error)" }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let free = SignInThrottle().account.free
            #expect(outcomes.filter { $0 == "wrong" }.count <= free, "\(outcomes)")
            #expect(outcomes.filter { $0 == "wait" }.count >= 20 - free, "\(outcomes)")
        }
    }

    /// A person recording faster than anyone does by hand is paused, and nothing is stored.
    @Test func recordingFasterThanByHandIsPausedAndStoresNothing() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.limits.concernsPerPersonPer10Minutes = 3 }) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let body =
                #"{"child":{"name":"Paced Child","approximateAge":9},"howItArose":"observed","account":"Seen crying at pick-up.","categories":["neglect"]}"#
            for _ in 0..<3 {
                #expect(try await haven.api(.POST, "/api/v1/concerns", session: session, json: body).status == .created)
            }
            let before = try await rows(haven, "concerns")
            let paused = try await haven.api(.POST, "/api/v1/concerns", session: session, json: body)
            #expect(paused.status == .tooManyRequests)
            #expect(paused.body.string.contains("phone your DSL"))
            #expect(paused.headers.first(name: .retryAfter) == "60")
            #expect(try await rows(haven, "concerns") == before)
            // Someone else is not held up, and after ten minutes the person may record again.
            _ = try await haven.recordConcern(about: "Other Recorder", by: "activity_lead")
            haven.clock.advance(by: 601)
            #expect(try await haven.api(.POST, "/api/v1/concerns", session: session, json: body).status == .created)
        }
    }

    /// R7.1: each refusal is audited, so a person trying identifiers one after another would
    /// fill the audit log and hold up the writer. After the limit they are paused: audited
    /// once, then refused before anything is read or written, reads and writes alike.
    @Test func refusalsBeyondTheLimitArePausedAndAuditedOnce() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.limits.refusalsPerPersonPer10Minutes = 5 }) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let eventsBefore = try await rows(haven, "audit_events")
            for _ in 0..<5 {
                let missing = try await haven.api(.GET, "/api/v1/concerns/\(UUID())", session: session)
                #expect(missing.status == .notFound)
            }
            // Five refusals, and the pause.
            #expect(try await rows(haven, "audit_events") == eventsBefore + 6)
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(after: 0, limit: 100_000)
            }
            #expect(events.filter { $0.action == AuditAction.refusalsPaused.rawValue }.count == 1)
            #expect(events.filter { $0.action == AuditAction.accessRefused.rawValue }.count == 5)

            let existing = try await haven.recordConcern(about: "Paused Reader", by: "reporter").receipt.concernID
            let after = try await rows(haven, "audit_events")
            for path in ["/api/v1/concerns/\(UUID())", "/api/v1/concerns/\(existing)"] {
                let paused = try await haven.api(.GET, path, session: session)
                #expect(paused.status == .tooManyRequests)
                #expect(paused.headers.first(name: .retryAfter) == "60")
            }
            let addendum = #"{"reason":"further_information","text":"More."}"#
            let write = try await haven.api(
                .POST, "/api/v1/concerns/\(existing)/addenda", session: session, json: addendum)
            #expect(write.status == .tooManyRequests)
            #expect(try await rows(haven, "audit_events") == after)
            #expect(try await rows(haven, "addenda") == 0)

            // Someone else is not held up, and after ten minutes the person is refused as before.
            let other = try await haven.signIn("activity_lead", secondFactor: false)
            #expect(try await haven.api(.GET, "/api/v1/concerns/\(UUID())", session: other).status == .notFound)
            haven.clock.advance(by: 601)
            #expect(try await haven.api(.GET, "/api/v1/concerns/\(UUID())", session: session).status == .notFound)
        }
    }

    /// R2.1: a concern names at most the limit of other children; the error names the field.
    @Test func aConcernNamingTooManyOtherChildrenIsRefusedWithTheField() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("reporter", secondFactor: false)
            let others = (0..<21).map { #"{"name":"Sibling \#($0)"}"# }.joined(separator: ",")
            let body =
                #"{"child":{"name":"Many Siblings","approximateAge":9},"howItArose":"observed","account":"Seen crying.","categories":["neglect"],"linkedChildren":[\#(others)]}"#
            let before = try await rows(haven, "concerns")
            let refused = try await haven.api(.POST, "/api/v1/concerns", session: session, json: body)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(#""field":"linkedChildren""#))
            #expect(try await rows(haven, "concerns") == before)
        }
    }
}
