import FluentKit
import Foundation
import HavenApp
import HavenDomain
import HavenFeatures
import HavenTestSupport
import SQLKit
import Testing
import Vapor

@testable import HavenPersistence

/// Issue 13.1: an email waiting to be sent may hold a link that activates an account or resets a
/// password. Its body is sealed, bound to its recipient, until it is sent and emptied: a copy of
/// the database gives no link away, and an address changed in the database (to send a link
/// elsewhere, or an email of someone else's making) gets nothing.
@Suite("Issue 13.1 emails waiting to be sent are sealed")
struct SealedOutboxTests {
    static let link = "https://haven.example.test/account/reset/Qm9va2tlZXBlci1yZXNldC0xMjM0"

    func sql(_ haven: TestHaven) -> any SQLDatabase { haven.app.db(HavenDatabase.id) as! any SQLDatabase }

    /// Queues an email; the first one queued in a test also clears anything the test Haven queued
    /// as it was set up, so that the order emails are claimed in is the test's own.
    func queue(_ haven: TestHaven, to: String, body: String, after seconds: Double = 0) async throws -> UUID {
        if seconds == 0 { try await sql(haven).delete(from: "outbox").run() }
        let id = UUID()
        let at = haven.clock.now().addingTimeInterval(seconds)
        try await haven.env.unitOfWork.write { tx in
            try await tx.alerts.enqueue(
                OutboxEmail(
                    id: id, to: to, subject: "Reset your password", body: body, createdAt: at, nextAttemptAt: at))
        }
        return id
    }

    func claim(_ haven: TestHaven) async throws -> OutboxEmail? {
        let now = haven.clock.now().addingTimeInterval(60)
        return try await haven.env.unitOfWork.write { tx in
            try await tx.alerts.claimNextDueEmail(at: now, until: now.addingTimeInterval(300))
        }
    }

    func storedBody(_ haven: TestHaven, _ id: UUID) async throws -> String? {
        try await sql(haven).select().column("body").from("outbox").where("id", .equal, SQLBind(id.lowercasedString))
            .first()?.decode(column: "body", as: String.self)
    }

    @Test(arguments: TestDatabaseKind.available)
    func aLinkWaitingToBeSentIsSealedAndEmptiedOnceSent(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await queue(haven, to: "casey@example.test", body: "Choose a new password: \(Self.link)")
            let stored = try #require(try await storedBody(haven, id))
            #expect(stored.hasPrefix("hv1:" + haven.sealer.ring.current.id + ":") && !stored.contains("reset"))
            if case .sqlite(let path) = haven.config.database {
                var bytes = Data()
                for file in [path, path + "-wal"] { bytes += FileManager.default.contents(atPath: file) ?? Data() }
                #expect(bytes.range(of: Data("Qm9va2tlZXBlci1yZXNldC0xMjM0".utf8)) == nil, "the link is in the file")
            }

            let email = try #require(try await claim(haven))
            #expect(email.id == id && email.to == "casey@example.test" && email.body.contains(Self.link))
            try await haven.env.unitOfWork.write { tx in try await tx.alerts.markSent(id, at: haven.clock.now()) }
            #expect(try await storedBody(haven, id) == "")
            // An emptied body is not a value in plain: sealing everything again still passes.
            try await DataSealing.sealEverything(
                on: haven.app.db(HavenDatabase.id), with: haven.sealer, now: haven.clock.now(), force: true)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anEmailReaddressedOrForgedInTheDatabaseIsNeverSent(_ kind: TestDatabaseKind) async throws {
        let configured: (inout HavenConfig) -> Void = {
            $0.smtp = HavenConfig.SMTPSettings(host: "127.0.0.1", port: 1, from: "haven@example.test")
        }
        try await TestHaven.with(kind, configure: configured) { haven in
            let redirected = try await queue(haven, to: "dsl@example.test", body: "Your link: \(Self.link)")
            let fine = try await queue(haven, to: "casey@example.test", body: "A new concern waits.", after: 2)
            try await sql(haven).update("outbox").set("recipient", to: SQLBind("taker@elsewhere.test"))
                .where("id", .equal, SQLBind(redirected.lowercasedString)).run()
            // One made up in the database, in plain, as if Haven had written it.
            let forged = UUID()
            try await sql(haven).insert(into: "outbox")
                .columns("id", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at")
                .values(
                    SQLBind(forged.lowercasedString), SQLBind("anyone@elsewhere.test"), SQLBind("Sign in again"),
                    SQLBind("Sign in here: https://elsewhere.test"), SQLBind(haven.clock.now().millis + 1),
                    SQLBind(0), SQLBind(haven.clock.now().millis)
                ).run()

            // Neither is sent; the genuine email behind them is.
            let next = try await claim(haven)
            #expect(next?.id == fine)
            #expect(try await claim(haven) == nil)

            let oldest = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.alerts.oldestUnsentEmail() })
            #expect(oldest.to == "taker@elsewhere.test" && oldest.failure == .changed && oldest.attempts == 1)
            // The DSL's dashboard names the address and says why it is held back.
            let session = try await haven.signIn("dsl")
            let home = try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string
            let notice = try #require(home.part("email-status"))
            #expect(notice.contains("taker@elsewhere.test") && notice.contains("changed in Haven"), "\(notice)")
            // Starting again makes every unsent email due: still neither is sent.
            try await haven.env.unitOfWork.write { tx in try await tx.alerts.retryUnsent(at: haven.clock.now()) }
            #expect(try await claim(haven)?.id == nil)
        }
    }

    /// A database whose content was all sealed before the outbox was: the bodies already waiting
    /// are sealed on the first start after the upgrade, once; a record of sealing changed to let
    /// that happen again does not check.
    @Test(arguments: TestDatabaseKind.available)
    func bodiesWaitingFromBeforeTheUpgradeAreSealedOnce(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await queue(haven, to: "casey@example.test", body: "Welcome: \(Self.link)")
            try await haven.storeInPlain("outbox", "body")
            let database = haven.app.db(HavenDatabase.id)
            let now = haven.clock.now()
            // With the outbox already covered, a body in plain is refused.
            await #expect(throws: SealingError.self) {
                try await DataSealing.sealEverything(on: database, with: haven.sealer, now: now, force: true)
            }
            // Nor can the record be made to say it is not covered without the key.
            try await sql(haven).raw("UPDATE data_sealing SET columns_version = NULL").run()
            await #expect(throws: SealingError.stateChanged) {
                try await DataSealing.sealEverything(on: database, with: haven.sealer, now: now)
            }
            #expect(try await storedBody(haven, id)?.contains(Self.link) == true)

            // As the version before wrote it, with its key: complete, no set of columns named.
            let key = haven.sealer.ring.current
            let at = now.millis
            let mac = DataSealing.mac(key, keyID: key.id, complete: true, sealedSince: at, columns: 1, at: at)
            try await sql(haven).raw(
                """
                UPDATE data_sealing SET key_id = \(bind: key.id), complete = \(bind: true), \
                sealed_since = \(bind: at), changed_at = \(bind: at), mac = \(bind: mac), columns_version = NULL
                """
            ).run()
            let report = try await DataSealing.sealEverything(on: database, with: haven.sealer, now: now)
            #expect(report.sealed == 1 && report.resealed == 0)
            let sealed = try #require(try await storedBody(haven, id))
            #expect(sealed.hasPrefix("hv1:"))
            let opened = try haven.sealer.open(
                sealed, .outboxBody, row: id.lowercasedString, bound: ["casey@example.test"])
            #expect(opened.contains(Self.link))
            let again = try await DataSealing.sealEverything(on: database, with: haven.sealer, now: now)
            #expect(!again.passed)
        }
    }
}
