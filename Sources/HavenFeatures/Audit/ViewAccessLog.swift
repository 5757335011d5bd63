import Foundation
import HavenDomain

/// R7.7: one line of a child's access log: who opened what, when and why.
public struct AccessLogLine: Sendable {
    public let at: Date
    public let who: Words
    public let action: Words
    public let subject: Words
    public let reason: Words?
}

/// R7.7: who has opened a child's file or any concern about the child, and when.
public struct ViewAccessLog: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ id: ChildID, by actor: Actor) async throws -> (ChildRecord, [AccessLogLine]) {
        try actor.require(.viewAccessLog)
        return try await env.auditedRead(.child(id, .childAccessLogRead, by: actor.person)) { tx in
            guard let child = try await tx.concerns.child(id) else { throw AccessError.notFound }
            let concerns = try await tx.concerns.concerns(aboutChild: id)
            let references = Dictionary(
                concerns.map { ($0.id.description, $0.reference) }, uniquingKeysWith: { a, _ in a })
            let childEvents = try await tx.auditLog.events(
                subjectType: .child, subjectIDs: [id.description], limit: 500)
            let concernEvents = try await tx.auditLog.events(
                subjectType: .concern, subjectIDs: Array(references.keys), limit: 500)
            // The names of just the people in these events, not of everyone.
            let actors = Set((childEvents + concernEvents).compactMap(\.actor)).compactMap(PersonID.init(string:))
            let people = Dictionary(
                try await tx.people.find(actors).map { ($0.id.description, $0.name) }, uniquingKeysWith: { a, _ in a })
            let lines = (childEvents + concernEvents).sorted { $0.sequence > $1.sequence }.map { event in
                let who: Words = event.actor.flatMap { people[$0] }.map(Words.verbatim) ?? Words("person.system")
                let action: Words = AuditAction(rawValue: event.action)?.logged ?? .verbatim(event.action)
                let subject: Words =
                    event.subjectType == "concern"
                    ? references[event.subjectID ?? ""].map(Words.verbatim) ?? Words("cases.accessLog.aConcern")
                    : Words("cases.accessLog.childsFile")
                let reason = event.reason.map(AuditReason.words(recorded:))
                return AccessLogLine(at: event.at, who: who, action: action, subject: subject, reason: reason)
            }
            return (child, lines)
        }
    }
}
