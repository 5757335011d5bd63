import Fluent
import Foundation
import HavenApp
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import HavenWeb
import SQLKit
import Testing
import Vapor

/// Issue 13.4: /healthz says the process serves; /readyz tells the truth about each dependency,
/// answers 503 when one that matters fails, and says nothing more than "ready" or "not ready"
/// without the token.
@Suite("13.4 readiness")
struct ReadinessTests {
    static let token = String(repeating: "r", count: 40)
    static let withToken: HTTPHeaders = ["Authorization": "Bearer \(token)"]

    struct Answer: Decodable {
        struct Check: Decodable {
            let dependency: String
            let state: String
            let matters: Bool
            let detail: String
        }
        let ready: Bool
        let summary: String
        let checks: [Check]
        func check(_ name: String) -> Check? { checks.first { $0.dependency == name } }
    }

    static func readiness(_ haven: TestHaven) async throws -> (HTTPStatus, Answer) {
        let response = try await haven.request(.GET, "/readyz", headers: withToken)
        #expect(response.headers.first(name: .cacheControl) == "no-store")
        guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body.string.utf8)) else {
            Issue.record("not an answer: \(response.status) \(response.body.string.prefix(500))")
            throw Abort(.internalServerError)
        }
        return (response.status, answer)
    }

    @Test(arguments: TestDatabaseKind.available)
    func aNewHavenWithoutEmailIsReadyAndSaysEmailIsNotConfigured(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: { $0.metricsToken = Self.token }) { haven in
            let (status, answer) = try await Self.readiness(haven)
            #expect(status == .ok && answer.ready)
            #expect(answer.summary == "ready, email not configured")
            #expect(answer.check("database")?.state == "ok" && answer.check("database")?.matters == true)
            #expect(answer.check("audit anchor")?.state == "ok")
            #expect(answer.check("audit chain")?.state == "not yet checked")
            #expect(answer.check("outbox")?.detail == "empty")
            #expect(answer.check("email")?.state == "not configured")
            // Without the token (in-process requests come from no address: not this machine),
            // or with a wrong one, or signed in: the answer, and nothing else.
            let dsl = try await haven.signIn("dsl")
            for headers: HTTPHeaders in [
                [:], ["Authorization": "Bearer \(String(repeating: "x", count: 40))"], dsl.cookieHeaders,
            ] {
                let bare = try await haven.request(.GET, "/readyz", headers: headers)
                #expect(bare.status == .ok && bare.body.string == "ready\n")
            }
            // /healthz stays a liveness check.
            #expect(try await haven.request(.GET, "/healthz").body.string == "ok\n")
        }
    }

    @Test func anAnchorThatCannotBeWrittenMakesItNotReady() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.metricsToken = Self.token }) { haven in
            let path = haven.config.auditAnchorFile
            try FileManager.default.removeItem(atPath: path)
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            let (before, unwritable) = try await Self.readiness(haven)
            #expect(before == .serviceUnavailable && !unwritable.ready)
            #expect(unwritable.summary == "not ready: audit anchor")
            #expect(unwritable.check("audit anchor")?.detail == "cannot be written")
            // And once a commit has failed to reach it, it says since when.
            _ = try await haven.recordConcern(about: "Anchor Readiness Child")
            let (_, failed) = try await Self.readiness(haven)
            #expect(failed.check("audit anchor")?.detail.hasPrefix("cannot be written since") == true)
            #expect(try await haven.request(.GET, "/readyz").body.string == "not ready\n")
            let dump = try await haven.request(.GET, "/readyz", headers: Self.withToken).body.string
            #expect(!dump.contains("Anchor Readiness Child"))
            // Put right, it is ready at once, though nothing has been written since (with one
            // server behind a load balancer, nothing could be).
            try FileManager.default.removeItem(atPath: path)
            let (again, mended) = try await Self.readiness(haven)
            #expect(again == .ok && mended.check("audit anchor")?.detail.hasPrefix("writable again") == true)
        }
    }

    /// A commit (recording concerns is limited per person), which the anchor is written after.
    static func commit(_ haven: TestHaven) async throws {
        try await haven.env.unitOfWork.write { tx in
            try await tx.audit(
                AuditEntry(
                    actor: nil, action: .auditVerified, subjectType: .auditTrail, subjectID: "readiness \(UUID())"))
        }
    }

    /// Commits until the anchor is found failing (its check runs beside the writer), and then
    /// until the whole-chain check that follows is recorded; the last answer.
    static func untilTheAlarm(_ haven: TestHaven) async throws -> (HTTPStatus, Answer?) {
        var last: (HTTPStatus, Answer?) = (.ok, nil)
        for _ in 0..<100 {
            try await commit(haven)
            let (status, answer) = try await readiness(haven)
            last = (status, answer)
            if answer.check("audit chain")?.state == "failing" { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return last
    }

    /// Issue 13 (from attacking the deployment): a line appended to the anchor beyond the chain's
    /// head kept every later head out without a word. Now the anchor is failing, with the reason,
    /// on /readyz and the audit page; the whole chain is checked at once and its fault recorded.
    /// The server stays ready: every server sharing the anchor would find the same line, and
    /// taking them all out would stop concerns being recorded. Moved aside, the anchor is written
    /// again; the recorded fault stays until a later check passes.
    @Test func anAnchorLineBeyondTheChainsHeadIsAnAlarmNotAnOutage() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.metricsToken = Self.token }) { haven in
            _ = try await haven.recordConcern(about: "Before The Line Child")
            let path = haven.config.auditAnchorFile
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("9000000000000000000 \(String(repeating: "e", count: 64))\n".utf8))
            try handle.close()
            let (status, answer) = try await Self.untilTheAlarm(haven)
            #expect(
                status == .ok
                    && answer?.summary == "ready, audit anchor failing, audit chain failing, email not configured")
            let anchor = answer?.check("audit anchor")
            #expect(
                anchor?.detail.hasPrefix("its last line is not one of the chain's heads") == true
                    && anchor?.matters == false
            )
            #expect(
                answer?.check("audit chain")?.detail.hasPrefix("did not verify") == true,
                "\(answer?.checks.map(\.detail) ?? [])")
            let auditor = try await haven.signIn("auditor")
            let page = try await haven.request(.GET, "/audit", headers: auditor.cookieHeaders).body.string
            #expect(page.contains("id=\"anchor-problem\"") && page.contains("either the newest events were deleted"))
            #expect(!page.contains(path))
            try FileManager.default.moveItem(atPath: path, toPath: path + ".kept")
            try await Self.commit(haven)
            let (_, mended) = try await Self.readiness(haven)
            #expect(mended.check("audit anchor")?.detail == "writable")
            #expect(mended.check("audit chain")?.state == "failing")
        }
    }

    /// Found walking the anchor's alarm: events cut from the end of the chain (and its head put
    /// back) look the same as a line added to the anchor, and once a few commits pass the
    /// anchor's last line it is written again and the alarm ended with no trace. The check of the
    /// whole chain made at the alarm keeps the fault on record.
    /// One event cut: the next commit reaches the anchor's last line again, with another MAC
    /// (found attacking the alarm, which compared sequences only).
    @Test(arguments: TestDatabaseKind.available, [1, 3])
    func eventsCutFromTheEndStayOnRecordOnceTheChainPassesTheAnchor(_ kind: TestDatabaseKind, cut: Int64) async throws {
        try await TestHaven.with(kind, configure: { $0.metricsToken = Self.token }) { haven in
            for _ in 0..<6 { try await Self.commit(haven) }
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            struct Head: Decodable { let sequence: Int64, mac: String }
            let head = try #require(
                try await sql.raw("SELECT sequence, mac FROM audit_head").first(decoding: Head.self))
            let kept = try #require(
                try await sql.raw(
                    "SELECT sequence, mac FROM audit_events WHERE sequence = \(bind: head.sequence - cut)"
                )
                .first(decoding: Head.self))
            try await sql.raw("DELETE FROM audit_subjects WHERE sequence > \(bind: kept.sequence)").run()
            try await sql.raw("DELETE FROM audit_events WHERE sequence > \(bind: kept.sequence)").run()
            try await sql.raw("UPDATE audit_head SET sequence = \(bind: kept.sequence), mac = \(bind: kept.mac)").run()
            let (_, alarmed) = try await Self.untilTheAlarm(haven)
            #expect(alarmed?.check("audit chain")?.state == "failing", "\(alarmed?.checks.map(\.detail) ?? [])")
            // The chain passes the anchor's last line: the anchor is written again, the fault stays.
            for _ in 0..<5 { try await Self.commit(haven) }
            let (status, after) = try await Self.readiness(haven)
            #expect(status == .ok && after.check("audit anchor")?.state == "ok")
            #expect(after.check("audit chain")?.state == "failing", "\(after.checks.map(\.detail))")
        }
    }

    @Test func aLateEmailIsReportedWithTheRelaysReasonButDoesNotTakeTheServerOut() async throws {
        let configured: (inout HavenConfig) -> Void = {
            $0.metricsToken = Self.token
            $0.smtp = HavenConfig.SMTPSettings(host: "127.0.0.1", port: 1, from: "haven@example.test")
        }
        try await TestHaven.with(.sqlite, configure: configured) { haven in
            let id = UUID()
            let now = haven.clock.now()
            try await haven.env.unitOfWork.write { tx in
                try await tx.alerts.enqueue(
                    OutboxEmail(
                        id: id, to: "dsl@example.test", subject: "Alert", body: "Open Haven.", createdAt: now,
                        nextAttemptAt: now))
                try await tx.alerts.markFailed(
                    id, attempts: 1, nextAttemptAt: now, error: MailFailure.noAnswer.rawValue)
            }
            let (_, early) = try await Self.readiness(haven)
            #expect(early.check("outbox")?.state == "ok" && early.check("email")?.detail == "relay: no_answer")
            haven.clock.advance(by: 11 * 60)
            let (status, late) = try await Self.readiness(haven)
            #expect(status == .ok && late.ready)
            #expect(late.summary == "ready, outbox failing, email failing")
            #expect(late.check("outbox")?.detail == "1 waiting, oldest 660 s")
            #expect(late.check("email")?.state == "failing" && late.check("email")?.detail == "relay: no_answer")
            #expect(late.check("email")?.matters == false)
        }
    }

    /// A connection the database closed fails the first query on it and is replaced: one or two
    /// failures in a row are not the database being unreachable (CI once saw "unreachable" just
    /// after PostgreSQL ended every session); three are.
    @Test func aConnectionTheDatabaseClosedIsNotTheDatabaseGone() async throws {
        struct Closed: Error {}
        try await TestHaven.with(.sqlite) { haven in
            for (failures, expected) in [
                (0, "reachable, commits durably"), (2, "reachable, commits durably"),
                (3, "unreachable (Closed)"),
            ] {
                let tried = Counter()
                let readiness = ReadReadiness(
                    haven.env, verifier: haven.app.auditVerifier,
                    database: { if tried.next() <= failures { throw Closed() } }, anchorWritable: { true },
                    auditInterval: 0)
                let database = await readiness().checks.first { $0.dependency == .database }
                #expect(database?.detail == expected, "after \(failures) failures")
                #expect(tried.value == min(failures + 1, 3))
            }
        }
    }

    /// On PostgreSQL: a database that turns commits asynchronous, then one that refuses
    /// connections, makes the server not ready, with the reason; put right, it is ready again.
    @Test func aDatabaseThatIsNotDurableOrNotThereMakesItNotReady() async throws {
        guard TestDatabaseKind.available.contains(.postgres) else { return }
        try await TestHaven.with(.postgres, configure: { $0.metricsToken = Self.token }) { haven in
            let dropConnections =
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()"
            try await haven.database.administer("ALTER DATABASE {database} SET synchronous_commit = off")
            try await haven.database.administer(dropConnections)
            let (status, asynchronous) = try await Self.readiness(haven)
            #expect(status == .serviceUnavailable && asynchronous.summary == "not ready: database")
            #expect(
                asynchronous.check("database")?.detail
                    == "PostgreSQL synchronous_commit is off: commits would not be durable")

            try await haven.database.administer("ALTER DATABASE {database} RESET synchronous_commit")
            try await haven.database.administer("ALTER DATABASE {database} ALLOW_CONNECTIONS false")
            try await haven.database.administer(dropConnections)
            let (gone, unreachable) = try await Self.readiness(haven)
            #expect(gone == .serviceUnavailable && !unreachable.ready)
            #expect(unreachable.check("database")?.state == "failing")
            #expect(unreachable.check("outbox")?.detail == "not known: the database did not answer")

            try await haven.database.administer("ALTER DATABASE {database} ALLOW_CONNECTIONS true")
            let (back, ready) = try await Self.readiness(haven)
            #expect(back == .ok && ready.check("database")?.state == "ok", "\(ready.checks.map(\.detail))")
        }
    }
}

/// Counts calls made from any task.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func next() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
