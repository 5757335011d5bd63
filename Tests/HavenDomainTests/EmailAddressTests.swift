import HavenDomain
import Testing

/// Issue 10.9: an email address reaches SMTP commands and mail headers, so it is checked when saved.
@Suite("R1.2 email addresses are one address, without control characters")
struct EmailAddressTests {
    @Test(
        arguments: [
            ("dana@example.org", "dana@example.org"), ("  Dana.Whitlock@Example.ORG ", "dana.whitlock@example.org"),
            ("a+alerts@sub.example.co.uk", "a+alerts@sub.example.co.uk"), ("zoë@exämple.org", "zoë@exämple.org"),
            ("O'Brien@example.org", "o'brien@example.org"),
            ("dana@example.org\r\nBcc: eve@evil.example", nil), ("dana@example.org\nx", nil),
            ("dana\r@example.org", nil),
            ("dana@exa\u{0}mple.org", nil), ("dana@example.org, eve@evil.example", nil),
            ("dana@example.org;eve@evil.example", nil),
            ("Dana <dana@example.org>", nil), ("dana@@example.org", nil), ("dana@example", nil), ("@example.org", nil),
            ("dana@", nil),
            ("dana@.example.org", nil), ("dana@example..org", nil), ("dana@-example.org", nil),
            ("da na@example.org", nil),
            ("dana@exam\tple.org", nil), ("dana@exam\u{2028}ple.org", nil), ("\"dana\"@example.org", nil), ("", nil),
            ("   ", nil),
            (String(repeating: "a", count: 65) + "@example.org", nil),
            ("a@" + String(repeating: "b", count: 250) + ".org", nil),
            // Characters that change how the rest of a line is shown, or are not shown at all.
            ("ceo\u{202E}@evil.example", nil), ("dana@exa\u{200B}mple.org", nil), ("dana\u{2066}@example.org", nil),
            ("dana\u{85}@example.org", nil), ("dana@example.org\u{E000}", nil), ("dana\u{FEFF}@example.org", nil),
        ] as [(String, String?)])
    func validated(_ text: String, _ expected: String?) {
        #expect(EmailAddress.validated(text) == expected, "\(text.debugDescription)")
    }
}
