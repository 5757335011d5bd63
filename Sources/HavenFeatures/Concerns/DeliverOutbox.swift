import Foundation
import HavenDomain

/// R2.5: sends one email. The SMTP client is the production adapter.
public protocol MailTransport: Sendable {
    func send(to: String, subject: String, body: String) async throws
}

/// R2.5: delivers due emails from the durable outbox. A failed send is retried with growing
/// gaps (1, 2, 4 … minutes, at most an hour), so an alert is never dropped while the mail
/// server is down.
public struct DeliverOutbox: Sendable {
    let env: HavenEnvironment
    let transport: any MailTransport

    public init(_ env: HavenEnvironment, transport: any MailTransport) {
        self.env = env
        self.transport = transport
    }

    /// Sends what is due now; returns how many were sent.
    @discardableResult
    public func deliverDue(limit: Int = 50) async throws -> Int {
        let now = env.clock.now()
        let due = try await env.read { tx in try await tx.alerts.dueEmails(at: now, limit: limit) }
        var sent = 0
        for email in due {
            do {
                try await transport.send(to: email.to, subject: email.subject, body: email.body)
                let at = env.clock.now()
                try await env.write { tx in try await tx.alerts.markSent(email.id, at: at) }
                sent += 1
            } catch {
                let attempts = email.attempts + 1
                let delay = min(3600, 60 * pow(2, Double(min(attempts - 1, 6))))
                let next = env.clock.now().addingTimeInterval(delay)
                let reason = String(describing: type(of: error))
                try await env.write { tx in
                    try await tx.alerts.markFailed(email.id, attempts: attempts, nextAttemptAt: next, error: reason)
                }
            }
        }
        return sent
    }
}
