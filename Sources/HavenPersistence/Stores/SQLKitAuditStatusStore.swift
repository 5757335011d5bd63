import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R7.1, R7.8: audit verifications and signed checkpoints on SQLite or PostgreSQL.
struct SQLKitAuditStatusStore: AuditStatusStore {
    let sql: any SQLDatabase

    struct VerificationRow: Codable {
        let id: String
        let atMillis: Int64
        let byPerson: String?
        let eventsChecked: Int64
        let headSequence: Int64?
        let anchorLines: Int64
        let fault: String?
    }

    struct CheckpointRow: Codable {
        let sequence: Int64
        let mac: String
        let events: Int64
        let atMillis: Int64
    }

    func recordVerification(_ record: AuditVerificationRecord) async throws {
        try await sql.insert(into: "audit_verifications")
            .columns("id", "at_millis", "by_person", "events_checked", "head_sequence", "anchor_lines", "fault")
            .values(
                SQLBind(record.id.lowercasedString), SQLBind(record.at.millis), SQLBind(record.by?.description),
                SQLBind(Int64(record.eventsChecked)),
                SQLBind(record.headSequence), SQLBind(Int64(record.anchorLinesChecked)), SQLBind(record.fault)
            ).run()
    }

    func lastVerification() async throws -> AuditVerificationRecord? {
        guard
            let row = try await sql.select().column("*").from("audit_verifications").orderBy("at_millis", .descending)
                .limit(1)
                .first(decoding: VerificationRow.self, with: rowDecoder)
        else { return nil }
        return AuditVerificationRecord(
            id: UUID(uuidString: row.id) ?? UUID(uuidString: "00000000-0000-0000-0000-000000000000")!,
            at: Date(millis: row.atMillis), by: row.byPerson.flatMap(PersonID.init(string:)),
            eventsChecked: Int(row.eventsChecked), headSequence: row.headSequence,
            anchorLinesChecked: Int(row.anchorLines), fault: row.fault)
    }

    func recordCheckpoint(_ checkpoint: AuditCheckpoint, document: String) async throws {
        try await sql.insert(into: "audit_checkpoints").columns("sequence", "mac", "events", "at_millis", "document")
            .values(
                SQLBind(checkpoint.head.sequence), SQLBind(checkpoint.head.mac), SQLBind(checkpoint.events),
                SQLBind(checkpoint.atMillis), SQLBind(document)
            )
            .ignoringConflicts(with: "sequence")
            .run()
    }

    func lastCheckpoint() async throws -> AuditCheckpoint? {
        guard
            let row = try await sql.select().columns("sequence", "mac", "events", "at_millis").from("audit_checkpoints")
                .orderBy("sequence", .descending).limit(1).first(decoding: CheckpointRow.self, with: rowDecoder)
        else { return nil }
        return AuditCheckpoint(
            head: AuditHead(sequence: row.sequence, mac: row.mac), events: row.events, atMillis: row.atMillis)
    }
}
