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

    public init(host: String, port: Int, from: String, heloName: String = "haven.local", group: any EventLoopGroup) {
        self.host = host
        self.port = port
        self.from = from
        self.heloName = heloName
        self.group = group
    }

    public func send(to recipient: String, subject: String, body: String) async throws {
        try SMTPMessage.checkAddress(recipient)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let message = SMTPMessage(
            from: from, to: recipient, subject: subject, body: body, date: Date(), messageID: UUID().uuidString)
        try await channel.executeThenClose { inbound, outbound in
            var replies = SMTPReplyReader(inbound.makeAsyncIterator())
            try await replies.expect(220)
            try await command("EHLO \(heloName)", expect: 250, outbound, &replies)
            try await command("MAIL FROM:<\(from)>", expect: 250, outbound, &replies)
            try await command("RCPT TO:<\(recipient)>", expect: 250, outbound, &replies)
            try await command("DATA", expect: 354, outbound, &replies)
            try await outbound.write(ByteBuffer(string: message.encodedData()))
            try await replies.expect(250)
            try await outbound.write(ByteBuffer(string: "QUIT\r\n"))
            _ = try? await replies.next()
        }
    }

    private func command(
        _ line: String, expect code: Int, _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        _ replies: inout SMTPReplyReader
    ) async throws {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        try await replies.expect(code)
    }
}

public enum SMTPError: Error, Equatable {
    case unexpectedReply(expected: Int, got: Int)
    case connectionClosed
    case invalidAddress
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
            guard var buffer = try await iterator.next() else { throw SMTPError.connectionClosed }
            pending += buffer.readString(length: buffer.readableBytes) ?? ""
        }
    }

    /// The code of the next complete reply.
    mutating func next() async throws -> Int {
        while true {
            let line = try await nextLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { continue }
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return code }
        }
    }

    mutating func expect(_ code: Int) async throws {
        let got = try await next()
        guard got == code else { throw SMTPError.unexpectedReply(expected: code, got: got) }
    }
}
