import Foundation
import HavenDomain

/// R7.7: one line of a child's access log: who opened what, when and why.
public struct AccessLogLine: Sendable {
    public let at: Date
    public let who: String
    public let action: String
    public let subject: String
    public let reason: String?
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
            let people = Dictionary(
                try await tx.people.all().map { ($0.id.description, $0.name) }, uniquingKeysWith: { a, _ in a })
            let childEvents = try await tx.auditLog.events(
                subjectType: .child, subjectIDs: [id.description], limit: 500)
            let concernEvents = try await tx.auditLog.events(
                subjectType: .concern, subjectIDs: Array(references.keys), limit: 500)
            let lines = (childEvents + concernEvents).sorted { $0.sequence > $1.sequence }.map { event in
                AccessLogLine(
                    at: event.at, who: event.actor.flatMap { people[$0] } ?? "System",
                    action: AuditAction(rawValue: event.action)?.logged ?? event.action,
                    subject: event.subjectType == "concern"
                        ? (references[event.subjectID ?? ""] ?? "concern") : "child's file",
                    reason: event.reason)
            }
            return (child, lines)
        }
    }
}
