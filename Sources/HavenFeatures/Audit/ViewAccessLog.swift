import Foundation
import HavenDomain

/// R7.7: one line of a child's access log: who opened what, when and why.
public struct AccessLogLine: Sendable {
    /// The audit event's place in the chain: the line's identity, and where pages are cut.
    public let sequence: Int64
    public let at: Date
    public let who: Words
    public let action: Words
    public let subject: Words
    public let reason: Words?
}

/// R7.7: a page of a child's access log, newest first.
public struct AccessLog: Sendable {
    public let child: ChildRecord
    public let lines: [AccessLogLine]
    /// Where the next (older) page starts, if there is one: the audit sequence to read before.
    public let next: Int64?
}

/// R7.7: who has opened a child's file or any concern about the child, and when, a page at a time.
public struct ViewAccessLog: Sendable {
    let env: HavenEnvironment
    public static let pageSize = 100

    public init(_ env: HavenEnvironment) { self.env = env }

    /// The page of lines older than the audit sequence `before`, or the newest page.
    public func callAsFunction(_ id: ChildID, before: Int64? = nil, by actor: Actor) async throws -> AccessLog {
        try actor.require(.viewAccessLog)
        let size = Self.pageSize
        return try await env.auditedRead(.child(id, .childAccessLogRead, by: actor.person)) { tx in
            try await tx.concerns.keepAway(actor, fromChild: id)
            guard try await tx.concerns.child(id) != nil else { throw AccessError.notFound }
            // Issue 12.2: the log of the whole file: every record merged into it, and their concerns.
            let file = try await tx.concerns.file(of: id)
            guard let child = try await tx.concerns.child(file) else { throw AccessError.notFound }
            let records = try await tx.concerns.records(inFile: file)
            var concerns: [Concern] = []
            for record in records { concerns += try await tx.concerns.concerns(aboutChild: record) }
            let references = Dictionary(
                concerns.map { ($0.id.description, $0.reference) }, uniquingKeysWith: { a, _ in a })
            // One more than a page, to know whether another follows.
            let childEvents = try await tx.auditLog.events(
                subjectType: .child, subjectIDs: records.map(\.description), before: before, limit: size + 1)
            let concernEvents = try await tx.auditLog.events(
                subjectType: .concern, subjectIDs: Array(references.keys), before: before, limit: size + 1)
            let newest = (childEvents + concernEvents).sorted { $0.sequence > $1.sequence }
            let events = Array(newest.prefix(size))
            // The names of just the people in these events, not of everyone.
            let actors = Set(events.compactMap(\.actor)).compactMap(PersonID.init(string:))
            let people = Dictionary(
                try await tx.people.find(actors).map { ($0.id.description, $0.name) }, uniquingKeysWith: { a, _ in a })
            let lines = events.map { event in
                let who: Words = event.actor.flatMap { people[$0] }.map(Words.verbatim) ?? Words("person.system")
                let action: Words = AuditAction(rawValue: event.action)?.logged ?? .verbatim(event.action)
                let listed = [AuditSubjectType.inbox.rawValue, AuditSubjectType.children.rawValue].contains(
                    event.subjectType ?? "")
                let subject: Words =
                    listed
                    ? Words("cases.accessLog.aList")
                    : event.subjectType == "concern"
                        ? references[event.subjectID ?? ""].map(Words.verbatim) ?? Words("cases.accessLog.aConcern")
                        : Words("cases.accessLog.childsFile")
                // A listing's reason is the digest of its list: nothing a reader can use.
                let reason = listed ? nil : event.reason.map(AuditReason.words(recorded:))
                return AccessLogLine(
                    sequence: event.sequence, at: event.at, who: who, action: action, subject: subject, reason: reason)
            }
            return AccessLog(
                child: child, lines: lines, next: newest.count > size ? events.last?.sequence : nil)
        }
    }
}
