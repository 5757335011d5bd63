import HavenDomain
import HavenFeatures
import SQLKit

/// R7.1, R7.7: reads the audit chain back.
struct SQLKitAuditLogReader: AuditLogReader {
    let sql: any SQLDatabase

    struct Row: Decodable {
        let sequence: Int64
        let atMillis: Int64
        let actor: String?
        let action: String
        let subjectType: String?
        let subjectId: String?
        let reason: String?
        let previousMac: String
        let mac: String

        var event: AuditEvent {
            AuditEvent(
                sequence: sequence, atMillis: atMillis, actor: actor, action: action, subjectType: subjectType,
                subjectID: subjectId, reason: reason, previousMAC: previousMac, mac: mac)
        }
    }

    func events(after sequence: Int64, limit: Int) async throws -> [AuditEvent] {
        try await sql.select().column("*").from("audit_events").where("sequence", .greaterThan, SQLBind(sequence))
            .orderBy("sequence").limit(limit).all(decoding: Row.self, with: rowDecoder).map(\.event)
    }

    func events(subjectType: AuditSubjectType, subjectIDs: [String], before sequence: Int64?, limit: Int)
        async throws -> [AuditEvent]
    {
        // One index range per subject, each at most `limit` long, then the newest `limit` of them
        // all: one subject's thousands of events are never read to show a page.
        var found: [AuditEvent] = []
        for subject in Set(subjectIDs) {
            var query = sql.select().column("*").from("audit_events")
                .where("subject_type", .equal, SQLBind(subjectType.rawValue))
                .where("subject_id", .equal, SQLBind(subject))
            if let sequence { query = query.where("sequence", .lessThan, SQLBind(sequence)) }
            found += try await query.orderBy("sequence", .descending).limit(limit)
                .all(decoding: Row.self, with: rowDecoder).map(\.event)
            // Events about it among others (a page that listed the child), by the same index order.
            var also = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("audit_events")))
                .from("audit_subjects")
                .join(
                    "audit_events", on: SQLColumn("sequence", table: "audit_events"), .equal,
                    SQLColumn("sequence", table: "audit_subjects")
                )
                .where(SQLColumn("subject_type", table: "audit_subjects"), .equal, SQLBind(subjectType.rawValue))
                .where(SQLColumn("subject_id", table: "audit_subjects"), .equal, SQLBind(subject))
            if let sequence {
                also = also.where(SQLColumn("sequence", table: "audit_subjects"), .lessThan, SQLBind(sequence))
            }
            found += try await also.orderBy(SQLColumn("sequence", table: "audit_subjects"), SQLDirection.descending)
                .limit(limit)
                .all(decoding: Row.self, with: rowDecoder).map(\.event)
        }
        // An event about two of these subjects (a merge of two children's records) is read once.
        var seen: Set<Int64> = []
        return Array(
            found.sorted { $0.sequence > $1.sequence }.filter { seen.insert($0.sequence).inserted }.prefix(limit))
    }
}
