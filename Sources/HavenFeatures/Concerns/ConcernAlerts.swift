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
                    id: env.ids.uuid(), to: address, subject: env.text(Self.subject(concern)),
                    body: env.emailBody(Self.body(concern, publicURL: env.publicURL)), createdAt: now,
                    nextAttemptAt: now))
        }
    }

    static func subject(_ concern: Concern) -> Words {
        concern.priority == .urgent
            ? Words("email.alert.subjectUrgent", ["reference": .text(concern.reference)])
            : Words(
                "email.alert.subject",
                ["reference": .text(concern.reference), "priority": .words(concern.priority.title)])
    }

    static func body(_ concern: Concern, publicURL: String) -> [Words] {
        [
            Words(
                "email.alert.body",
                [
                    "reference": .text(concern.reference), "priority": .words(concern.priority.title),
                    "link": .text("\(publicURL)/concerns/\(concern.id)"),
                ])
        ] + (concern.priority == .urgent ? [Words("email.alert.urgent")] : []) + [Words("email.alert.noDetails")]
    }
}
