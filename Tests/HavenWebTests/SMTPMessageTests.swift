import Foundation
import Testing

@testable import HavenApp

@Suite("R2.5 alert email on the wire")
struct SMTPMessageTests {
    /// A lone CR or LF in an address is refused: "\r\n" is one Character in Swift, so a check
    /// by Character would let a lone one through and with it SMTP commands of an attacker's own.
    @Test(arguments: ["a@x.test\nRSET", "a@x.test\rRSET", "a@x.test\r\nRSET", "<a@x.test>", "a@x.test\u{0}"])
    func anAddressThatCouldCarryCommandsIsRefused(_ address: String) {
        #expect(throws: SMTPError.invalidAddress) { try SMTPMessage.checkAddress(address) }
    }

    @Test func linesStartingWithADotAreStuffedAndTheMessageEndsWithALoneDot() {
        let message = SMTPMessage(
            from: "haven@example.test", to: "dsl@example.test", subject: "New concern",
            body: "line one\n.hidden\n..two", date: Date(timeIntervalSince1970: 0), messageID: "m1")
        let data = message.encodedData()
        #expect(data.contains("\r\n..hidden\r\n...two\r\n"))
        #expect(data.hasSuffix("\r\n.\r\n"))
        #expect(!data.contains("\n.\r\n.hidden"))
    }

    /// A lone CR in a body (from a name, say) is a line break like any other, so the message
    /// cannot be ended early by "<CR>.<CR><LF>" on a relay that reads a lone CR as a break.
    @Test func aLoneCarriageReturnCannotEndTheMessageEarly() {
        let message = SMTPMessage(
            from: "haven@example.test", to: "dsl@example.test", subject: "x",
            body: "Riverside\r.\r\nSubject: injected\r\n", date: Date(timeIntervalSince1970: 0), messageID: "m3")
        let data = message.encodedData()
        #expect(data.hasSuffix("\r\n.\r\n"))
        #expect(data.components(separatedBy: "\r\n.\r\n").count == 2, "only the terminator ends it")
        #expect(!data.contains("\r."))
        #expect(data.contains("Riverside\r\n..\r\nSubject: injected"))
    }

    @Test func aSubjectCannotInjectHeadersAndAddressesCannotInjectCommands() {
        let message = SMTPMessage(
            from: "haven@example.test", to: "dsl@example.test", subject: "Hi\r\nBcc: someone@evil.test",
            body: "x", date: Date(timeIntervalSince1970: 0), messageID: "m2")
        #expect(!message.encodedData().contains("\r\nBcc:"))
        #expect(throws: SMTPError.invalidAddress) {
            try SMTPMessage.checkAddress("dsl@example.test>\r\nRCPT TO:<x@evil.test")
        }
        #expect(throws: SMTPError.invalidAddress) { try SMTPMessage.checkAddress("no-at-sign") }
        #expect(throws: Never.self) { try SMTPMessage.checkAddress("dsl@example.test") }
    }
}
