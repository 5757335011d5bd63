import Foundation
import HavenDomain

/// R3.3: the person given an action hears of it by email, so that someone who seldom signs in
/// (a line manager, a coach) does not leave it undone. The email says who gave it and when it is
/// due, and links to their home page; nothing of the concern or the child is in it, and the
/// action itself is read only after signing in with the second factor.
enum ActionOwnerEmail {
    static func tell(_ owner: Person, givenBy giver: Person?, due: Day, env: HavenEnvironment, tx: any Transaction)
        async throws
    {
        let now = env.clock.now()
        let name = giver.map { Words.isolated($0.name) } ?? Words("person.noLongerOnRecord")
        try await tx.alerts.enqueue(
            OutboxEmail(
                id: env.ids.uuid(), to: owner.email, subject: env.text(Words("email.actionGiven.subject")),
                body: env.emailBody([
                    Words("email.hello", ["name": .text(owner.name)]),
                    Words("email.actionGiven.body", ["person": .words(name), "due": .day(due)]),
                    Words("email.actionGiven.link", ["link": .text("\(env.publicURL)/#my-actions")]),
                    Words("email.actionGiven.noDetails"),
                ]),
                createdAt: now, nextAttemptAt: now))
    }
}
