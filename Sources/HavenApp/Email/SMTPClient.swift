import Foundation
import HavenFeatures
import NIOCore
import NIOPosix
import NIOSSL

/// R2.5: a small SMTP client (RFC 5321) over SwiftNIO: plain TCP to a relay on the
/// organisation's own network, or (issue 13.3) STARTTLS and a sign-in (AUTH PLAIN or LOGIN,
/// only ever over TLS) for a hosted mail provider.
public struct SMTPClient: MailTransport {
    public let host: String
    public let port: Int
    public let from: String
    public let heloName: String
    let group: any EventLoopGroup
    /// Issue 13.3: how long one command may wait for its reply, and one message for the whole
    /// exchange. A relay that takes the connection and never answers is dropped after this, so
    /// it can hold a delivery round only this long, never for ever.
    public var commandDeadline: TimeAmount = .seconds(30)
    public var messageDeadline: TimeAmount = .seconds(120)
    /// Issue 13.3: TLS started with STARTTLS before anything else is sent, the relay's
    /// certificate checked against `tls`'s trust roots and the relay's name; nil for plain TCP.
    public var tls: NIOSSLContext?
    /// The account Haven signs in to the relay with; only ever sent over TLS.
    public var signIn: SMTPSignIn?

    public init(host: String, port: Int, from: String, heloName: String = "haven.local", group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.from = from
        self.heloName = heloName
        self.group = group
    }

    public func send(to recipient: String, subject: String, body: String) async throws {
        try SMTPMessage.checkAddress(recipient)
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(min(.seconds(10), commandDeadline))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPError.cannotConnect
        }
        let message = SMTPMessage(
            from: from, to: recipient, subject: subject, body: body, date: Date(), messageID: UUID().uuidString)
        let watch = SMTPDeadline(channel: channel.channel)
        let whole = watch.start(messageDeadline, stage: "the whole message")
        defer { whole.cancel() }
        let command = commandDeadline
        try await watch.translating {
            try await channel.executeThenClose { inbound, outbound in
                var replies = SMTPReplyReader(inbound.makeAsyncIterator())
                try await watch.within(command, "the greeting") {
                    try await replies.expect(220, refusal: { SMTPError.notTaking($0) })
                }
                var offers = try await watch.within(command, "EHLO") {
                    try await outbound.write(ByteBuffer(string: "EHLO \(heloName)\r\n"))
                    return try await replies.expectReply(250, refusal: { SMTPError.notTaking($0) })
                }
                if let tls {
                    offers = try await watch.within(command, "STARTTLS") {
                        try await startTLS(tls, offers: offers, channel: channel.channel, outbound, &replies)
                    }
                }
                if let signIn {
                    try await watch.within(command, "AUTH") {
                        try await signIn.send(offers: offers, outbound, &replies)
                    }
                }
                for (line, code) in [("MAIL FROM:<\(from)>", 250), ("RCPT TO:<\(recipient)>", 250), ("DATA", 354)] {
                    // Until a recipient is named, a refusal is the relay's, not this message's.
                    let refusal: ((Int) -> SMTPError)? = line.hasPrefix("MAIL") ? { SMTPError.notTaking($0) } : nil
                    try await watch.within(command, line.prefix(4).uppercased()) {
                        try await outbound.write(ByteBuffer(string: line + "\r\n"))
                        try await replies.expect(code, refusal: refusal)
                    }
                }
                try await watch.within(command, "the message") {
                    try await outbound.write(ByteBuffer(string: message.encodedData()))
                    try await replies.expect(250)
                }
                try? await watch.within(command, "QUIT") {
                    try await outbound.write(ByteBuffer(string: "QUIT\r\n"))
                    _ = try await replies.next()
                }
            }
        }
    }

    /// STARTTLS, then EHLO again over TLS: the relay's offers as it makes them over TLS (those
    /// made before could have been changed on the way). A relay that does not offer TLS, or
    /// whose certificate does not check, gets nothing more: not the sign-in, not the message.
    private func startTLS(
        _ context: NIOSSLContext, offers: [String], channel: any Channel,
        _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, _ replies: inout SMTPReplyReader
    ) async throws -> [String] {
        guard offers.contains(where: { $0.uppercased() == "STARTTLS" }) else { throw SMTPError.notSecure }
        try await outbound.write(ByteBuffer(string: "STARTTLS\r\n"))
        try await replies.expect(220, refusal: { _ in SMTPError.notSecure })
        // Anything already sent after the 220 came before TLS: it may have been put there on
        // the way (an injection into the later conversation), so it ends the exchange.
        guard replies.pending.isEmpty else { throw SMTPError.notSecure }
        do {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: host)
            try await channel.pipeline.addHandler(handler, position: .first)
            try await outbound.write(ByteBuffer(string: "EHLO \(heloName)\r\n"))
            return try await replies.expectReply(250, refusal: { SMTPError.notTaking($0) })
        } catch let error as SMTPError {
            throw error
        } catch let error as NIOSSLError {
            _ = error
            throw SMTPError.notSecure
        } catch let error as BoringSSLError {
            _ = error
            throw SMTPError.notSecure
        }
    }
}

/// Issue 13.3: the account Haven signs in to its relay with (AUTH PLAIN, or LOGIN if that is all
/// the relay offers), only ever after STARTTLS.
public struct SMTPSignIn: Sendable {
    public let username: String
    public let password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    func send(
        offers: [String], _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, _ replies: inout SMTPReplyReader
    ) async throws {
        let mechanisms = Set(
            offers.filter { $0.uppercased().hasPrefix("AUTH ") }.flatMap {
                $0.uppercased().split(separator: " ").dropFirst().map(String.init)
            })
        let refused = { (_: Int) in SMTPError.signInRefused }
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await outbound.write(ByteBuffer(string: "AUTH PLAIN \(token)\r\n"))
            try await replies.expect(235, refusal: refused)
        } else if mechanisms.contains("LOGIN") {
            try await outbound.write(ByteBuffer(string: "AUTH LOGIN\r\n"))
            try await replies.expect(334, refusal: refused)
            try await outbound.write(ByteBuffer(string: Data(username.utf8).base64EncodedString() + "\r\n"))
            try await replies.expect(334, refusal: refused)
            try await outbound.write(ByteBuffer(string: Data(password.utf8).base64EncodedString() + "\r\n"))
            try await replies.expect(235, refusal: refused)
        } else {
            throw SMTPError.signInRefused
        }
    }
}

/// Issue 13.3: closes the connection when a deadline passes, which ends any read or write
/// waiting on it; the error then says which step was waiting, not that the connection closed.
final class SMTPDeadline: @unchecked Sendable {
    let channel: any Channel
    private let lock = NSLock()
    private var expiredStage: String?

    init(channel: any Channel) { self.channel = channel }

    func start(_ amount: TimeAmount, stage: String) -> Scheduled<Void> {
        channel.eventLoop.scheduleTask(in: amount) { [self] in
            lock.withLock { if expiredStage == nil { expiredStage = stage } }
            channel.close(promise: nil)
        }
    }

    func within<T>(_ amount: TimeAmount, _ stage: some StringProtocol, _ body: () async throws -> T) async throws -> T {
        let timer = start(amount, stage: String(stage))
        defer { timer.cancel() }
        return try await translating(body)
    }

    func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            if let stage = lock.withLock({ expiredStage }) { throw SMTPError.noAnswer(stage) }
            throw error
        }
    }
}

public enum SMTPError: Error, Equatable, MailFailureReason {
    case unexpectedReply(expected: Int, got: Int)
    case connectionClosed
    case invalidAddress
    case cannotConnect
    /// No reply in time while waiting for this step.
    case noAnswer(String)
    /// The relay would not start a message (a reply other than the one expected to the
    /// greeting, EHLO or MAIL: "421 try later", say): no message would go through it now.
    case notTaking(Int)
    /// A reply longer than any relay sends (a line of 1,000 bytes, or 100 lines).
    case replyTooLong
    /// Issue 13.3: TLS was asked for and the relay did not offer it, refused it, or its
    /// certificate did not check: nothing was sent.
    case notSecure
    /// The relay refused Haven's sign-in (or offered no way of signing in Haven knows).
    case signInRefused

    public var failure: MailFailure {
        switch self {
        // A 5xx is the relay refusing this message or address; a 4xx only asks Haven to try
        // later (greylisting, a full mailbox), and never counts as a refusal of the address.
        case .unexpectedReply(_, let got): got >= 500 ? .refused : .unavailable
        case .connectionClosed: .closed
        case .invalidAddress: .invalidAddress
        case .cannotConnect: .cannotConnect
        case .noAnswer: .noAnswer
        case .notTaking: .unavailable
        case .replyTooLong: .closed
        case .notSecure: .notSecure
        case .signInRefused: .signInRefused
        }
    }
}

/// Reads SMTP replies, joining multi-line ones ("250-…" lines up to "250 …").
struct SMTPReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func nextLine() async throws -> String {
        while true {
            if let range = pending.range(of: "\r\n") {
                let line = String(pending[..<range.lowerBound])
                pending.removeSubrange(..<range.upperBound)
                return line
            }
            // RFC 5321 allows 512 bytes a reply line: a relay sending more is not one to wait on.
            guard pending.utf8.count <= 1_000 else { throw SMTPError.replyTooLong }
            guard var buffer = try await iterator.next() else { throw SMTPError.connectionClosed }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
        }
    }

    /// The code of the next complete reply.
    mutating func next() async throws -> Int { try await reply().code }

    /// The next complete reply: its code, and the text of each line (an EHLO reply's lines are
    /// what the relay offers).
    mutating func reply() async throws -> (code: Int, lines: [String]) {
        var lines: [String] = []
        for _ in 0..<100 {
            let line = try await nextLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
            lines.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, lines) }
        }
        throw SMTPError.replyTooLong
    }

    /// The lines of the next reply, if it has `code`.
    mutating func expectReply(_ code: Int, refusal: ((Int) -> SMTPError)? = nil) async throws -> [String] {
        let got = try await reply()
        guard got.code == code else {
            throw refusal?(got.code) ?? SMTPError.unexpectedReply(expected: code, got: got.code)
        }
        return got.lines
    }

    mutating func expect(_ code: Int, refusal: ((Int) -> SMTPError)? = nil) async throws {
        let got = try await next()
        guard got == code else { throw refusal?(got) ?? SMTPError.unexpectedReply(expected: code, got: got) }
    }
}
