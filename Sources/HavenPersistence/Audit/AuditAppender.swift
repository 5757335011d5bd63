import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R7.1: appends events to the chain inside the caller's transaction. The sequence comes from
/// the head row, read when the batch's transaction begins and written before it commits, so
/// sequences are gapless and a rolled-back unit leaves no event behind.
public struct AuditAppender: Sendable {
    let chain: AuditChain
    let clock: any Now

    public init(chain: AuditChain, clock: any Now) {
        self.chain = chain
        self.clock = clock
    }

    struct Head: Decodable {
        let sequence: Int64
        let mac: String
    }

    func append(_ entry: AuditEntry, at moment: Date? = nil, on sql: any SQLDatabase, cursor: AuditCursor) async throws
    {
        let head = cursor.position
        let event = chain.append(
            entry, at: moment ?? clock.now(), after: head.sequence == 0 ? nil : (head.sequence, head.mac))
        try await sql.insert(into: "audit_events")
            .columns(
                "sequence", "at_millis", "actor", "action", "subject_type", "subject_id", "reason", "previous_mac",
                "mac"
            )
            .values(
                SQLBind(event.sequence), SQLBind(event.atMillis), SQLBind(event.actor), SQLBind(event.action),
                SQLBind(event.subjectType), SQLBind(event.subjectID), SQLBind(event.reason), SQLBind(event.previousMAC),
                SQLBind(event.mac)
            )
            .run()
        for subject in entry.alsoAbout {
            try await sql.insert(into: "audit_subjects").columns("sequence", "subject_type", "subject_id")
                .values(SQLBind(event.sequence), SQLBind(subject.type.rawValue), SQLBind(subject.id)).run()
        }
        cursor.position = .init(sequence: event.sequence, mac: event.mac)
    }

    /// The newest event's sequence and MAC. On PostgreSQL the row is locked, so that two
    /// processes appending at once queue rather than fork the chain.
    static func head(on sql: any SQLDatabase, forUpdate: Bool) async throws -> Head {
        var query = sql.select().columns("sequence", "mac").from("audit_head").where("id", .equal, SQLBind(1))
        if forUpdate { query = query.for(.update) }
        guard let head = try await query.first(decoding: Head.self) else {
            throw PersistenceError.corruptRow(table: "audit_head")
        }
        return head
    }
}
