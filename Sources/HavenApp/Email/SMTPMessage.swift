import Foundation

/// R2.5: an alert email as it goes over the wire: plain text, CRLF line ends, dot-stuffed.
struct SMTPMessage {
    let from: String
    let to: String
    let subject: String
    let body: String
    let date: Date
    let messageID: String

    static func checkAddress(_ address: String) throws {
        // No line breaks or angle brackets: an address can never inject SMTP commands or headers.
        // By scalar: "\r\n" is one Character in Swift, so a lone CR or LF would pass a check by Character.
        guard address.contains("@"),
            !address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "<" || $0 == ">" })
        else {
            throw SMTPError.invalidAddress
        }
    }

    /// The DATA section, ending with the lone-dot line.
    func encodedData() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let headers = [
            "From: Haven <\(from)>", "To: <\(to)>", "Subject: \(Self.headerSafe(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)@haven>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit", "Auto-Submitted: auto-generated",
        ]
        // A lone CR is a line break too, so that no "<CR>.<CR><LF>" can end the message early.
        let lines = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return (headers + [""] + lines).joined(separator: "\r\n") + "\r\n.\r\n"
    }

    static func headerSafe(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
