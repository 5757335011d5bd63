import HavenDomain
import HavenFeatures
import HavenPersistence
import Vapor

/// R7.1: the anchor outside the database is what notices events cut from the end of the chain.
/// If it is missing or empty when Haven starts while the chain already has events (lost with a
/// disk, left behind by a move, or removed by someone who also cut the chain), the first commit
/// begins a new one, which from then on verifies with the chain. Haven still starts, as recording
/// concerns must not stop, but it does not begin the new anchor in silence: it logs that it is
/// doing so, critically, and records it in the audit trail itself (`audit.anchor_started`, with
/// how many events the new anchor does not cover), where the auditors read it and where
/// `haven audit verify` reports it. `haven audit verify` itself only reads, and reports the
/// missing anchor as a fault.
enum AuditAnchorStart {
    static func noteIfBegunAgain(_ app: Application) async throws {
        let arguments = Array(app.environment.arguments.dropFirst())
        if CommandsWithoutDatabase.onlyReadsTheAnchor(arguments) { return }
        guard let setup = app.storage[AuditSetupKey.self], (setup.anchor.size() ?? 0) == 0,
            let config = app.storage[ConfigKey.self]
        else { return }
        let events = try await HavenDatabase.auditEventCount(config.database, pooled: { app.db(HavenDatabase.id) })
        guard events > 0 else { return }
        app.logger.critical(
            "the audit anchor was missing or empty although the audit chain has \(events) events: events cut from the end of the chain before now cannot be noticed. Haven begins a new anchor and records that it did in the audit trail. If the anchor was lost, restore it from a backup and tell the auditors.",
            metadata: ["anchor": "\(config.auditAnchorFile)"])
        try await app.haven.unitOfWork.write { tx in
            try await tx.audit(
                AuditEntry(actor: nil, action: .auditAnchorStarted, subjectType: .auditTrail, subjectID: String(events))
            )
        }
    }
}
