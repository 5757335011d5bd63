import Foundation
import HavenFeatures
import NIOCore
import NIOPosix

/// R2.5: a small SMTP client (RFC 5321) over SwiftNIO: plain TCP to a configured relay, which
/// is how a local mail server or an organisation's relay on its own network is reached.
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
                for (line, code) in [
                    ("EHLO \(heloName)", 250), ("MAIL FROM:<\(from)>", 250), ("RCPT TO:<\(recipient)>", 250),
                    ("DATA", 354),
                ] {
                    // Until a recipient is named, a refusal is the relay's, not this message's.
                    let refusal: ((Int) -> SMTPError)? =
                        line.hasPrefix("EHLO") || line.hasPrefix("MAIL") ? { SMTPError.notTaking($0) } : nil
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

    public var failure: MailFailure {
        switch self {
        case .unexpectedReply: .refused
        case .connectionClosed: .closed
        case .invalidAddress: .invalidAddress
        case .cannotConnect: .cannotConnect
        case .noAnswer: .noAnswer
        case .notTaking: .unavailable
        case .replyTooLong: .closed
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
    mutating func next() async throws -> Int {
        for _ in 0..<100 {
            let line = try await nextLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return code }
        }
        throw SMTPError.replyTooLong
    }

    mutating func expect(_ code: Int, refusal: ((Int) -> SMTPError)? = nil) async throws {
        let got = try await next()
        guard got == code else { throw refusal?(got) ?? SMTPError.unexpectedReply(expected: code, got: got) }
    }
}
