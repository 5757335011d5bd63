import Foundation
import HavenDomain

/// R2.5: the alerts for a new concern: one in the app and one email per person on the route,
/// plus the shared team inbox. The email names only the reference and priority, never the child.
struct ConcernAlerts: Sendable {
    let env: HavenEnvironment

    func send(_ concern: Concern, people: [Person], sharedInbox: String?, tx: any Appending) async throws {
        let now = concern.recordedAt
        var addresses: [String] = []
        for recipient in concern.route.recipients {
            try await tx.alerts.insert(
                InAppAlert(
                    id: env.ids.uuid(), recipient: recipient, concernID: concern.id,
                    reference: concern.reference, priority: concern.priority, createdAt: now))
            if let person = people.first(where: { $0.id == recipient }) { addresses.append(person.email) }
        }
        if let sharedInbox { addresses.append(sharedInbox) }
        for address in Set(addresses).sorted() {
            try await tx.alerts.enqueue(
                OutboxEmail(
                    id: env.ids.uuid(), to: address, subject: Self.subject(concern),
                    body: Self.body(concern, publicURL: env.publicURL), createdAt: now, nextAttemptAt: now))
        }
    }

    static func subject(_ concern: Concern) -> String {
        concern.priority == .urgent
            ? "URGENT safeguarding concern \(concern.reference): child in immediate danger"
            : "New safeguarding concern \(concern.reference) (\(concern.priority.title) priority)"
    }

    static func body(_ concern: Concern, publicURL: String) -> String {
        var lines = [
            "A safeguarding concern has been recorded in Haven and routed to you.", "",
            "Reference: \(concern.reference)", "Priority: \(concern.priority.title)", "",
            "Open it in Haven (you will need to sign in with your second factor):",
            "\(publicURL)/concerns/\(concern.id)", "",
        ]
        if concern.priority == .urgent {
            lines += [
                "The recorder says the child is in immediate danger. If emergency services have not been called, call 999.",
                "",
            ]
        }
        lines.append("This email deliberately holds no details about the child.")
        return lines.joined(separator: "\r\n")
    }
}
