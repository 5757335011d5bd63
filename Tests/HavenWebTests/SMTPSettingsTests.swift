import Foundation
import HavenApp
import Testing

/// Issue 13.3: Haven signs in to a relay only over TLS, and says so at start if it is asked to do
/// otherwise.
@Suite("13.3 SMTP settings")
struct SMTPSettingsTests {
    static let base = [
        "HAVEN_PUBLIC_URL": "http://127.0.0.1:8080", "HAVEN_SMTP_HOST": "smtp.example.test", "HAVEN_SMTP_PORT": "587",
        "HAVEN_SMTP_FROM": "haven@example.test",
    ]

    static func problems(_ extra: [String: String]) -> [String] {
        do {
            _ = try HavenConfig.fromEnvironment(base.merging(extra) { $1 })
            return []
        } catch let error as ConfigurationError {
            return error.problems
        } catch {
            return ["\(error)"]
        }
    }

    @Test func aPasswordIsNeverSentWithoutTLS() {
        #expect(
            Self.problems(["HAVEN_SMTP_USERNAME": "haven", "HAVEN_SMTP_PASSWORD": "secret"]).contains {
                $0.contains("HAVEN_SMTP_TLS=starttls")
            })
        #expect(
            Self.problems([
                "HAVEN_SMTP_USERNAME": "haven", "HAVEN_SMTP_PASSWORD": "secret", "HAVEN_SMTP_TLS": "starttls",
            ])
            .isEmpty)
        #expect(
            Self.problems(["HAVEN_SMTP_USERNAME": "haven", "HAVEN_SMTP_TLS": "starttls"]).contains {
                $0.contains("HAVEN_SMTP_PASSWORD_FILE")
            })
        #expect(Self.problems(["HAVEN_SMTP_TLS": "ssl"]).contains { $0.contains("starttls or none") })
        #expect(
            Self.problems([
                "HAVEN_SMTP_USERNAME": "haven", "HAVEN_SMTP_PASSWORD": "secret\r\nRSET", "HAVEN_SMTP_TLS": "starttls",
            ]).contains { $0.contains("one line") })
        #expect(Self.problems(["HAVEN_SMTP_CA_FILE": "/nonexistent/ca.pem"]).contains { $0.contains("cannot be read") })
    }
}
