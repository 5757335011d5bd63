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

    /// A relay that takes every email and keeps what it was given.
    final class Relay: MailTransport, @unchecked Sendable {
        private let lock = NSLock()
        private var taken: [(to: String, subject: String, body: String)] = []
        var sent: [(to: String, subject: String, body: String)] { lock.withLock { taken } }
        func send(to: String, subject: String, body: String) async throws {
            lock.withLock { taken.append((to, subject, body)) }
        }
    }

    struct Outcome: Decodable {
        let sentAt: Int64?
        let lastError: String?
        let body: String
        let attempts: Int
    }

    func outcome(_ haven: TestHaven, _ id: UUID) async throws -> Outcome? {
        try await sql(haven).select().columns("sent_at", "last_error", "body", "attempts").from("outbox")
            .where("id", .equal, SQLBind(id.lowercasedString)).first(decoding: Outcome.self, with: rowDecoder)
    }

    func forge(_ haven: TestHaven, to: String, body: String) async throws -> UUID {
        let id = UUID()
        try await sql(haven).insert(into: "outbox")
            .columns("id", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at")
            .values(
                SQLBind(id.lowercasedString), SQLBind(to), SQLBind("Sign in again"), SQLBind(body),
                SQLBind(haven.clock.now().millis + 1), SQLBind(0), SQLBind(haven.clock.now().millis)
            ).run()
        return id
    }

    @Test(arguments: TestDatabaseKind.available)
    func anEmailReaddressedOrForgedInTheDatabaseIsNeverSent(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: Self.withRelay) { haven in
            let redirected = try await queue(haven, to: "dsl@example.test", body: "Your link: \(Self.link)")
            let reworded = try await queue(haven, to: "casey@example.test", body: "Your link: \(Self.link)", after: 1)
            let fine = try await queue(haven, to: "casey@example.test", body: "A new concern waits.", after: 2)
            try await sql(haven).update("outbox").set("recipient", to: SQLBind("taker@elsewhere.test"))
                .where("id", .equal, SQLBind(redirected.lowercasedString)).run()
            try await sql(haven).update("outbox").set("subject", to: SQLBind("URGENT: call IT on 0800 000 000"))
                .where("id", .equal, SQLBind(reworded.lowercasedString)).run()
            let forged = try await forge(haven, to: "anyone@elsewhere.test", body: "Sign in: https://elsewhere.test")
            // Rows with ids Haven never writes, which could not be found again by their UUID.
            let genuineBody = try #require(try await storedBody(haven, fine))
            for odd in ["junk-0001", UUID().uuidString.uppercased()] {
                try await sql(haven).insert(into: "outbox")
                    .columns("id", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at")
                    .values(
                        SQLBind(odd), SQLBind("casey@example.test"), SQLBind("Reset your password"),
                        SQLBind(genuineBody),
                        SQLBind(haven.clock.now().millis + 1), SQLBind(0), SQLBind(haven.clock.now().millis)
                    ).run()
            }
            // A count no send could reach must not stop the outbox either.
            try await sql(haven).update("outbox").set("attempts", to: SQLBind(Int.max))
                .where("id", .equal, SQLBind(fine.lowercasedString)).run()

            // On SQLite, rows of any type: a NULL id, bytes for an address, text for a count.
            if case .sqlite = haven.config.database {
                for (id, recipient, attempts) in ["NULL, 'a@b.test', 0", "'x1', X'41', 0", "'x2', 'a@b.test', 'abc'"]
                    .map({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
                    .map({ ($0[0], $0[1], $0[2]) })
                {
                    try await sql(haven).raw(
                        """
                        INSERT INTO outbox (id, recipient, subject, body, created_at, attempts, next_attempt_at) \
                        VALUES (\(unsafeRaw: id), \(unsafeRaw: recipient), 'S', 'B', 1, \(unsafeRaw: attempts), 1)
                        """
                    ).run()
                }
            }
            haven.clock.advance(by: 60)
            let relay = Relay()
            let round = try await DeliverOutbox(haven.env, transport: relay).deliverDue()
            #expect(round.changed == 5 && round.sent == 1 && round.failed == 0)
            #expect(relay.sent.map(\.to) == ["casey@example.test"] && relay.sent.first?.body == "A new concern waits.")
            for id in [redirected, reworded, forged] {
                let left = try #require(try await outcome(haven, id))
                #expect(left.sentAt != nil && left.lastError == "changed" && left.body.isEmpty)
            }
            // They left the outbox: nothing waits, the dashboard has nothing to say, and a restart
            // (which makes every unsent email due) sends none of them.
            let session = try await haven.signIn("dsl")
            if case .sqlite = haven.config.database {
                // The rows nobody could send stay unsent, and the dashboard still opens.
                #expect(try await haven.request(.GET, "/", headers: session.cookieHeaders).status == .ok)
                try await sql(haven).raw("DELETE FROM outbox WHERE created_at = 1").run()
            }
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.alerts.oldestUnsentEmail() } == nil)
            let home = try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string
            #expect(home.part("email-status") == nil)
            try await DeliverOutbox(haven.env, transport: relay).retryEverythingNow()
            #expect(try await DeliverOutbox(haven.env, transport: relay).deliverDue() == DeliverOutbox.Round())
        }
    }

    /// An email sealed under a key this server does not hold (a rotation with HAVEN_DATA_KEY not
    /// yet on every server) is left for a server that does, never withdrawn as changed.
    @Test(arguments: TestDatabaseKind.available)
    func anEmailUnderAKeyThisServerLacksIsLeftForOneThatHasIt(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: Self.withRelay) { haven in
            let newer = DataSealer(
                ring: DataKeyRing(keys: [DataKey(Array(repeating: 0x7a, count: 32))] + haven.sealer.ring.all, file: nil)
            )
            let id = UUID()
            let at = haven.clock.now()
            try await sql(haven).delete(from: "outbox").run()
            let body = try newer.seal(
                "Open Haven.", .outboxBody, row: id.lowercasedString, bound: ["dsl@example.test", "A concern waits"])
            try await sql(haven).insert(into: "outbox")
                .columns("id", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at")
                .values(
                    SQLBind(id.lowercasedString), SQLBind("dsl@example.test"), SQLBind("A concern waits"),
                    SQLBind(body),
                    SQLBind(at.millis), SQLBind(0), SQLBind(at.millis)
                ).run()
            let relay = Relay()
            let round = try await DeliverOutbox(haven.env, transport: relay).deliverDue()
            #expect(round.changed == 0 && round.failure == .keyNotHeld && relay.sent.isEmpty)
            let left = try #require(try await outcome(haven, id))
            #expect(left.sentAt == nil && left.lastError == "key_not_held" && left.attempts == 0)
            let oldest = try await haven.env.unitOfWork.read { tx in try await tx.alerts.oldestUnsentEmail() }
            #expect(oldest?.failure == .keyNotHeld)
        }
    }

    static func withRelay(_ config: inout HavenConfig) {
        config.smtp = HavenConfig.SMTPSettings(host: "127.0.0.1", port: 1, from: "haven@example.test")
    }

    /// An email waiting in plain is never sealed, whatever the record of sealing says (an older
    /// record, put back to make a plain one look as if it were from before the upgrade, included):
    /// it is withdrawn. A record changed without the key does not check.
    @Test(arguments: TestDatabaseKind.available)
    func anEmailInPlainIsWithdrawnNeverSealed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let waiting = try await queue(haven, to: "casey@example.test", body: "Welcome: \(Self.link)")
            try await haven.storeInPlain("outbox", "body")
            let database = haven.app.db(HavenDatabase.id)
            let now = haven.clock.now()
            try await sql(haven).raw("UPDATE data_sealing SET columns_version = NULL").run()
            await #expect(throws: SealingError.stateChanged) {
                try await DataSealing.sealEverything(on: database, with: haven.sealer, now: now)
            }

            // The record as the version before wrote it, with its key: complete, no set of columns named.
            let key = haven.sealer.ring.current
            let at = now.millis
            let mac = DataSealing.mac(key, keyID: key.id, complete: true, sealedSince: at, columns: 1, at: at)
            try await sql(haven).raw(
                """
                UPDATE data_sealing SET key_id = \(bind: key.id), complete = \(bind: true), \
                sealed_since = \(bind: at), changed_at = \(bind: at), mac = \(bind: mac), columns_version = NULL
                """
            ).run()
            let forged = try await forge(
                haven, to: "dsl@example.test", body: "Your password has expired: elsewhere.test")
            let report = try await DataSealing.sealEverything(on: database, with: haven.sealer, now: now)
            #expect(report.sealed == 0 && report.letGo == 2)
            for id in [waiting, forged] {
                let left = try #require(try await outcome(haven, id))
                #expect(left.sentAt != nil && left.lastError == "not_sealed" && left.body.isEmpty)
            }
            #expect(try await claim(haven) == nil)
            let again = try await DataSealing.sealEverything(on: database, with: haven.sealer, now: now)
            #expect(!again.passed)
        }
    }

    /// A key is rotated past an email that does not open (it was tampered with): the rotation
    /// finishes, the email is withdrawn, and the genuine ones open under the new key.
    @Test(arguments: TestDatabaseKind.available)
    func aKeyIsRotatedPastATamperedEmail(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let tampered = try await queue(haven, to: "dsl@example.test", body: "Your link: \(Self.link)")
            let genuine = try await queue(haven, to: "casey@example.test", body: "A new concern waits.", after: 1)
            try await sql(haven).update("outbox").set("recipient", to: SQLBind("taker@elsewhere.test"))
                .where("id", .equal, SQLBind(tampered.lowercasedString)).run()
            let ring = DataKeyRing(
                keys: [DataKey(Array(repeating: 0x5e, count: 32))] + haven.sealer.ring.all, file: nil)
            let report = try await DataSealing.sealEverything(
                on: haven.app.db(HavenDatabase.id), with: DataSealer(ring: ring), now: haven.clock.now(), force: true)
            #expect(report.letGo == 1 && report.resealed >= 1)
            #expect(try await outcome(haven, tampered)?.lastError == "not_sealed")
            let stored = try #require(try await storedBody(haven, genuine))
            #expect(stored.hasPrefix("hv1:" + ring.current.id + ":"))
        }
    }
}
