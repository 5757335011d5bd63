import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import NIOCore
import NIOPosix
import Testing
import Vapor

@testable import HavenApp

/// A relay on a loopback port that answers from a script: the reply to the greeting, then to
/// each command in turn (EHLO, MAIL, RCPT, DATA, the message). A nil reply is never sent: the
/// relay takes the connection and goes quiet, as a stalled mail server does.
final class ScriptedRelay: @unchecked Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }

    init(_ replies: [String?], group: any EventLoopGroup) async throws {
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.pipeline.addHandler(Handler(replies))
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func stop() async { try? await channel.close() }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        var replies: [String?]
        var pending = ""
        var inData = false

        init(_ replies: [String?]) { self.replies = replies }

        func channelActive(context: ChannelHandlerContext) { reply(context) }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
            while true {
                if inData {
                    guard let end = pending.range(of: "\r\n.\r\n") else { return }
                    pending.removeSubrange(..<end.upperBound)
                    inData = false
                    reply(context)
                } else {
                    guard let end = pending.range(of: "\r\n") else { return }
                    let line = String(pending[..<end.lowerBound])
                    pending.removeSubrange(..<end.upperBound)
                    if line == "QUIT" {
                        context.close(promise: nil)
                        return
                    }
                    let code = reply(context)
                    if line == "DATA" && code == "354" { inData = true }
                }
            }
        }

        @discardableResult
        func reply(_ context: ChannelHandlerContext) -> String? {
            guard !replies.isEmpty, let next = replies.removeFirst() else {
                replies = [nil]
                return nil
            }
            context.writeAndFlush(
                wrapOutboundOut(context.channel.allocator.buffer(string: next + "\r\n")), promise: nil)
            return String(next.prefix(3))
        }
    }
}

/// Issue 13.3: a relay that takes the connection and never answers cannot hold the outbox: each
/// command and each message has a deadline; a message refused is tried again later while the
/// others go; a relay that stops answering ends the round; the DSL's dashboard says so.
@Suite("Issue 13.3 alert email that cannot silently stop")
struct SMTPDeadlineTests {
    static let accepting: [String?] = ["220 relay", "250 hello", "250 ok", "250 ok", "354 go on", "250 queued"]

    /// The relays and clients here have a loop of their own, so that the other tests running
    /// at the same time (Vapor's test servers share the singleton) cannot hold up a reply.
    static let loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    /// Deadlines far longer than a loopback relay needs even on a machine running the whole
    /// suite at once (CI once took over 20 s to see a reply), and far shorter than "for ever";
    /// `quick` has a command deadline short enough to wait for in a test.
    func client(_ relay: ScriptedRelay, group: any EventLoopGroup, quick: Bool = false) -> SMTPClient {
        var client = SMTPClient(host: "127.0.0.1", port: relay.port, from: "haven@example.test", group: group)
        client.commandDeadline = quick ? .seconds(2) : .seconds(120)
        client.messageDeadline = .seconds(300)
        return client
    }

    @Test(arguments: [0, 2, 4, 5])
    func aRelayThatStopsAnsweringIsDroppedAtTheDeadline(_ silentAt: Int) async throws {
        let group = Self.loop
        var replies = Self.accepting
        replies[silentAt] = nil
        let relay = try await ScriptedRelay(replies, group: group)
        // A command's deadline ends it: the silent step's (or, on a machine too busy to answer
        // in time, an earlier one's), never the whole message's minute.
        let steps = ["the greeting", "EHLO", "MAIL", "RCPT", "DATA", "the message"]
        do {
            try await client(relay, group: group, quick: true).send(to: "dsl@example.test", subject: "s", body: "b")
            Issue.record("a relay that never answered took the message")
        } catch let error as SMTPError {
            guard case .noAnswer(let stage) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(steps[...silentAt].contains(stage), "\(stage)")
            #expect(error.failure == .noAnswer)
        }
        await relay.stop()
    }

    /// A relay that will not start a message ("421 try later" to the greeting, or a refusal of
    /// MAIL) is not taking any: the round ends there. A reply that never ends is cut short.
    @Test func aRelayNotTakingEmailOrRamblingEndsTheAttempt() async throws {
        let group = Self.loop
        for (replies, expected) in [
            (["421 busy, try later"], SMTPError.notTaking(421)),
            (["220 relay", "250 hello", "451 not now"], SMTPError.notTaking(451)),
            (["220 relay", String(repeating: "250-chatter\r\n", count: 150) + "250 done"], SMTPError.replyTooLong),
            (["220 " + String(repeating: "x", count: 5_000)], SMTPError.replyTooLong),
        ] as [([String?], SMTPError)] {
            let relay = try await ScriptedRelay(replies, group: group)
            await #expect(throws: expected) {
                try await client(relay, group: group).send(to: "dsl@example.test", subject: "s", body: "b")
            }
            await relay.stop()
        }
        #expect(SMTPError.notTaking(421).failure == .unavailable)
        // Only a 5xx refuses an address (and lets it be withdrawn when the address is corrected).
        #expect(SMTPError.unexpectedReply(expected: 250, got: 550).failure == .refused)
        #expect(SMTPError.unexpectedReply(expected: 250, got: 451).failure == .unavailable)
    }

    @Test func aRelayThatAnswersTooSlowlyOverallIsDroppedAtTheMessageDeadline() async throws {
        let group = Self.loop
        let relay = try await ScriptedRelay(Self.accepting, group: group)
        var slow = client(relay, group: group)
        slow.messageDeadline = .milliseconds(1)
        await #expect(throws: SMTPError.noAnswer("the whole message")) {
            try await slow.send(to: "dsl@example.test", subject: "s", body: "b")
        }
        // And the same relay, given time, takes the message.
        try await client(relay, group: group).send(to: "dsl@example.test", subject: "s", body: "b")
        await relay.stop()
    }

    @Test func aRefusedMessageWaitsWhileTheOthersGoAndAStalledRelayEndsTheRound() async throws {
        let group = Self.loop
        let configured: (inout HavenConfig) -> Void = {
            $0.smtp = HavenConfig.SMTPSettings(host: "127.0.0.1", port: 1, from: "haven@example.test")
        }
        try await TestHaven.with(.sqlite, configure: configured) { haven in
            let now = haven.clock.now()
            for (index, to) in ["refused@example.test", "fine@example.test"].enumerated() {
                try await haven.env.unitOfWork.write { tx in
                    try await tx.alerts.enqueue(
                        OutboxEmail(
                            id: UUID(), to: to, subject: "Alert \(index)", body: "Open Haven.",
                            createdAt: now.addingTimeInterval(Double(index)), nextAttemptAt: now))
                }
            }
            // The first recipient is refused; the relay then takes the second.
            let refusing: [String?] = ["220 relay", "250 hello", "250 ok", "550 no such user"]
            let refuser = try await ScriptedRelay(refusing, group: group)
            let accepter = try await ScriptedRelay(Self.accepting, group: group)
            final class Relays: MailTransport, @unchecked Sendable {
                var clients: [SMTPClient]
                init(_ clients: [SMTPClient]) { self.clients = clients }
                func send(to: String, subject: String, body: String) async throws {
                    try await clients.removeFirst().send(to: to, subject: subject, body: body)
                }
            }
            let transport = Relays([client(refuser, group: group), client(accepter, group: group)])
            let round = try await DeliverOutbox(haven.env, transport: transport)
                .deliverDue()
            #expect(round == DeliverOutbox.Round(sent: 1, failed: 1, failure: .refused))
            let oldest = try await haven.env.unitOfWork.read { tx in try await tx.alerts.oldestUnsentEmail() }
            #expect(oldest?.attempts == 1 && oldest?.failure == .refused)
            // It waits out its backoff, unless Haven starts again (the relay may have been put right).
            let later = haven.clock.now()
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.alerts.dueEmails(at: later, limit: 5) }.isEmpty
            )
            try await DeliverOutbox(haven.env, transport: transport).retryEverythingNow()
            #expect(
                try await haven.env.unitOfWork.read { tx in try await tx.alerts.dueEmails(at: later, limit: 5) }.count
                    == 1)

            // Later, a relay that never answers: the round ends at the first email, within the deadline.
            haven.clock.advance(by: 3600)
            try await haven.env.unitOfWork.write { tx in
                try await tx.alerts.enqueue(
                    OutboxEmail(
                        id: UUID(), to: "third@example.test", subject: "Alert 3", body: "Open Haven.",
                        createdAt: haven.clock.now(), nextAttemptAt: haven.clock.now()))
            }
            let silent = try await ScriptedRelay([nil], group: group)
            let stalled = Relays([client(silent, group: group, quick: true), client(silent, group: group, quick: true)])
            let second = try await DeliverOutbox(haven.env, transport: stalled).deliverDue()
            #expect(second == DeliverOutbox.Round(sent: 0, failed: 1, failure: .noAnswer))
            for relay in [refuser, accepter, silent] { await relay.stop() }

            // The DSL's dashboard says so, in red once it has waited past the setting.
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let dashboard = try await LeadDashboard(haven.env)(by: dsl)
            #expect(dashboard.email.late && dashboard.email.oldestUnsent?.failure == .noAnswer)
            let session = try await haven.signIn("dsl")
            let home = try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string
            let notice = try #require(home.part("email-status"))
            #expect(notice.contains("notice late") && notice.contains("did not answer in time"), "\(notice)")
            // It names the address, so that one wrong address is not taken for email as a whole.
            #expect(notice.contains("refused@example.test"), "\(notice)")
        }
    }

    /// A Haven with no mail server says so on the DSL's dashboard, plainly, and says nothing once
    /// email is set up and going out.
    @Test func theDashboardSaysWhenEmailIsNotSetUp() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let session = try await haven.signIn("dsl")
            let home = try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string
            let notice = try #require(home.part("email-status"))
            #expect(notice.contains("Email is not set up") && !notice.contains("notice late"))
        }
        let configured: (inout HavenConfig) -> Void = {
            $0.smtp = HavenConfig.SMTPSettings(host: "127.0.0.1", port: 1, from: "haven@example.test")
        }
        try await TestHaven.with(.sqlite, configure: configured) { haven in
            let session = try await haven.signIn("dsl")
            let home = try await haven.request(.GET, "/", headers: session.cookieHeaders).body.string
            #expect(home.part("dashboard") != nil && home.part("email-status") == nil)
        }
    }

    /// An administrator adds people, who are sent a link to set their password: with no mail
    /// server the link never goes, and their home page and the People page say so (in red, as
    /// nothing will happen until someone acts). Nobody else is told, and nobody once it is set up.
    @Test func anAdministratorIsToldWhenEmailIsNotSetUp() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let admin = try await haven.signIn("administrator")
            let home = try await haven.request(.GET, "/", headers: admin.cookieHeaders).body.string
            let notice = try #require(home.part("email-off"))
            #expect(notice.contains("notice late") && notice.contains("not sent their link"), "\(notice)")
            let people = try await haven.request(.GET, "/admin/people", headers: admin.cookieHeaders).body.string
            #expect(try #require(people.part("email-off")).contains("Ask whoever runs Haven to set up email"))
            let volunteer = try await haven.signIn("reporter", secondFactor: false)
            let theirs = try await haven.request(.GET, "/", headers: volunteer.cookieHeaders).body.string
            #expect(theirs.part("email-off") == nil)
        }
        let configured: (inout HavenConfig) -> Void = {
            $0.smtp = HavenConfig.SMTPSettings(host: "127.0.0.1", port: 1, from: "haven@example.test")
        }
        try await TestHaven.with(.sqlite, configure: configured) { haven in
            let admin = try await haven.signIn("administrator")
            let home = try await haven.request(.GET, "/", headers: admin.cookieHeaders).body.string
            let people = try await haven.request(.GET, "/admin/people", headers: admin.cookieHeaders).body.string
            #expect(home.part("email-off") == nil && people.part("email-off") == nil)
            #expect(people.contains("id=\"invite\""))
        }
    }
}
