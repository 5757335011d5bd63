import Foundation
import HavenApp
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor

/// Issue 13.3: an address the mail server refuses (a typing mistake, a mailbox closed when its
/// owner left) was tried every hour for ever, kept the DSL's dashboard red, and nothing anyone
/// could do in Haven cleared it. The dashboard now names the address; correcting it withdraws
/// what waited for it (its links stop working, a new activation link goes to the new address);
/// deactivating a leaver withdraws what waited for them.
@Suite("Issue 13.3 an address the mail server refuses can be put right")
struct RefusedAddressTests {
    /// A relay that refuses one address and takes every other.
    struct RefusesOne: MailTransport {
        struct Refused: MailFailureReason { var failure: MailFailure { .refused } }
        let address: String
        func send(to: String, subject: String, body: String) async throws {
            if to == address { throw Refused() }
        }
    }

    static func withRelay(_ config: inout HavenConfig) {
        config.smtp = HavenConfig.SMTPSettings(host: "127.0.0.1", port: 1, from: "haven@example.test")
    }

    func waiting(_ haven: TestHaven) async throws -> [OutboxEmail] {
        try await haven.env.unitOfWork.read { tx in
            try await tx.alerts.dueEmails(at: haven.clock.now().addingTimeInterval(86_400), limit: 500)
        }
    }

    func emailStatus(_ haven: TestHaven, _ session: TestSession) async throws -> String? {
        try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string.part("email-status").map(
            String.init)
    }

    @Test(arguments: TestDatabaseKind.available)
    func correctingARefusedAddressWithdrawsWhatWaitedAndSendsANewLink(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: Self.withRelay) { haven in
            let typed = "ilse@exmaple.org"
            let admin = try await haven.signIn("administrator")
            let invited = try await haven.postForm(
                "/admin/people",
                [("name", "Ilse Newcombe"), ("email", typed), ("kind", "volunteer"), ("roles[]", "activity_lead")],
                session: admin)
            #expect(invited.status == .seeOther)
            let first = try #require(try await waiting(haven).first { $0.to == typed })
            let oldLink = try #require(
                first.body.firstMatch(of: /http:\/\/haven\.test(\/account\/activate\/[A-Za-z0-9_-]+)/)
            ).1

            let round = try await DeliverOutbox(haven.env, transport: RefusesOne(address: typed)).deliverDue()
            #expect(round.failed == 1 && round.failure == .refused)
            let dsl = try await haven.signIn("dsl")
            let notice = try #require(try await emailStatus(haven, dsl))
            #expect(notice.contains(typed) && notice.contains("refused that address"), "\(notice)")
            // The administrator, who can correct it, is told too.
            let told = try #require(try await emailStatus(haven, admin))
            #expect(told.contains(typed) && told.contains("correct it on the People page"), "\(told)")
            // An address someone else signs in with is refused when asked for, not when approved.
            let person0 = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.people.credentials(email: typed) })
            let clash = try await haven.postForm(
                "/admin/people/\(person0.person.id)/email", [("email", haven.people["reporter"]!.email)], session: admin
            )
            #expect(clash.status == .unprocessableEntity)
            #expect(clash.body.string.contains("Someone else already signs in with this email address"))

            // The administrator puts it right; a DSL approves.
            let person = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.people.credentials(email: typed) })
            let asked = try await haven.postForm(
                "/admin/people/\(person.person.id)/email", [("email", "ilse@example.org")], session: admin)
            #expect(asked.headers.first(name: .location) == "/admin/people?done=waiting")
            let approval = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
            #expect(try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl).status == .seeOther)

            // Nothing waits for the old address, and it is not told of the change (it takes no email).
            let now = try await waiting(haven)
            #expect(!now.contains { $0.to == typed })
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.alerts.oldestUnsentEmail() }?.to != typed)
            #expect(try await emailStatus(haven, dsl) == nil)
            // The link that never arrived no longer works; a new one waits for the new address.
            #expect(try await haven.request(.GET, String(oldLink)).status == .notFound)
            let fresh = try #require(
                now.first { $0.to == "ilse@example.org" && $0.body.contains("/account/activate/") })
            let newLink = try #require(
                fresh.body.firstMatch(of: /http:\/\/haven\.test(\/account\/activate\/[A-Za-z0-9_-]+)/)
            ).1
            #expect(try await haven.request(.GET, String(newLink)).status == .ok)
            // Someone yet to activate is not warned of a sign-in change: the new link is all they get.
            #expect(!now.contains { $0.to == "ilse@example.org" && !$0.body.contains("/account/activate/") })
            #expect(try await emailStatus(haven, admin) == nil)
        }
    }

    /// An address that takes email is still told when it is changed (the owner may not have
    /// asked), but not told the new address (it may be a stranger's); a reset link sent to it
    /// stops working; nothing it did not refuse is withdrawn.
    @Test func anAddressThatTakesEmailIsStillToldOfTheChange() async throws {
        try await TestHaven.with(.sqlite, configure: Self.withRelay) { haven in
            let reporter = haven.people["reporter"]!
            let admin = try await haven.signIn("administrator")
            let dsl = try await haven.signIn("dsl")
            for (path, fields) in [("password-reset", []), ("email", [("email", "reporter.new@example.org")])] {
                _ = try await haven.postForm("/admin/people/\(reporter.id)/\(path)", fields, session: admin)
                let approval = try #require(
                    try await haven.env.unitOfWork.read { tx in try await tx.approvals.pending() }.first)
                _ = try await haven.postForm("/approvals/\(approval.id)/approve", [], session: dsl)
            }
            let now = try await waiting(haven)
            let reset = try #require(
                now.first { $0.to == reporter.email && $0.body.contains("/account/reset-password/") })
            let link = try #require(
                reset.body.firstMatch(of: /http:\/\/haven\.test(\/account\/reset-password\/[A-Za-z0-9_-]+)/)
            ).1
            #expect(try await haven.request(.GET, String(link)).status == .notFound)
            let toOld = now.filter { $0.to == reporter.email && $0.subject == "Your Haven sign-in email was changed" }
            #expect(toOld.count == 1 && toOld.allSatisfy { !$0.body.contains("reporter.new@example.org") })
            #expect(
                now.contains { $0.to == "reporter.new@example.org" && $0.body.contains("reporter.new@example.org") })
            // An activated account is not sent an activation link.
            #expect(!now.contains { $0.body.contains("/account/activate/") })
        }
    }

    /// What the mail server refused for a leaver (their mailbox closed) is withdrawn. Nothing
    /// else is: an administrator cannot make alerts disappear by adding someone at a shared
    /// address and deactivating them.
    @Test(arguments: TestDatabaseKind.available)
    func whatTheMailServerRefusedForALeaverIsWithdrawn(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: Self.withRelay) { haven in
            let reporter = haven.people["reporter"]!
            let at = haven.clock.now()
            let refused = UUID()
            let waitingStill = UUID()
            try await haven.env.unitOfWork.write { tx in
                for (id, subject) in [(refused, "An action is yours"), (waitingStill, "A concern waits")] {
                    try await tx.alerts.enqueue(
                        OutboxEmail(
                            id: id, to: reporter.email, subject: subject, body: "Open Haven.", createdAt: at,
                            nextAttemptAt: at))
                }
                try await tx.alerts.markFailed(
                    refused, attempts: 1, nextAttemptAt: at.addingTimeInterval(60), error: MailFailure.refused.rawValue)
            }
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            try await ManageAccounts(haven.env).deactivate(reporter.id, by: admin)
            let left = try await waiting(haven).filter { $0.to == reporter.email }.map(\.id)
            #expect(left == [waitingStill])
        }
    }
}
