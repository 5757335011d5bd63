import ConsoleKit
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import Vapor

/// `haven backup FILE`: a consistent snapshot of the live SQLite database and its audit anchor,
/// sealed under the current data key, while Haven goes on serving (issue 13.2).
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the backup (must not exist)") var file: String
    }
    var help: String { "Back up the SQLite database and audit anchor, sealed, while Haven serves." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.storage[ConfigKey.self]!
        let started = Date()
        let manifest = try await SQLiteBackup.backUp(
            app.db(HavenDatabase.id), location: config.database, anchor: AuditAnchor(path: config.auditAnchorFile),
            ring: app.dataSealer.ring, auditKey: app.storage[AuditSetupKey.self]!.key, to: signature.file,
            now: app.haven.clock.now(),
            salt: app.haven.ids.randomBytes(16))
        let bytes = (try? FileManager.default.attributesOfItem(atPath: signature.file)[.size] as? Int) ?? 0
        context.console.print(
            "Backed up to \(signature.file) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s: "
                + "\(manifest.concerns) concerns, \(manifest.auditEvents) audit events (head \(manifest.auditHeadSequence)), "
                + "\(bytes) bytes, sealed under data key \(manifest.keyID)."
        )
        context.console.print(
            "Keep the data key \(manifest.keyID) and the audit key with it, apart from the backup: neither is in it.")
    }
}

/// `haven restore FILE`: restores a backup into the configured database and anchor, which must
/// be empty, then migrates it and verifies the whole audit chain (issue 13.2). Haven's keys must
/// be in place first: the data key the backup was made under, and the audit key.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A backup made by `haven backup`") var file: String
    }
    var help: String { "Restore a backup into an empty location and verify its audit chain." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.storage[ConfigKey.self]!
        let started = Date()
        let anchor = AuditAnchor(path: config.auditAnchorFile)
        let manifest = try SQLiteBackup.restore(
            signature.file, into: config.database, anchor: anchor, ring: app.dataSealer.ring,
            auditKey: app.storage[AuditSetupKey.self]!.key)
        context.console.print(
            "Restored \(manifest.concerns) concerns and \(manifest.auditEvents) audit events from a backup made "
                + "\(manifest.createdAt.formatted(.iso8601)) into \(config.database.redacted).")
        // Checked before anything is added to it: a restore that does not verify is taken back
        // out whole, so that it can be tried again (with the right audit key, say).
        let checked: AuditVerification
        do {
            try await Haven.prepareDatabase(app)
            checked = try await app.auditVerifier.verify(checkpoint: nil)
        } catch {
            SQLiteBackup.removeRestored(config.database, anchor: anchor)
            throw error
        }
        if let fault = checked.fault {
            SQLiteBackup.removeRestored(config.database, anchor: anchor)
            context.console.error(
                "The restored audit chain FAILED after \(checked.eventsChecked) good events: \(fault). "
                    + "If the audit key given is not the one from the installation the backup came from, that is why. "
                    + "What was restored has been removed.")
            throw AuditVerificationFailed()
        }
        guard (checked.head?.sequence ?? 0) >= manifest.auditHeadSequence else {
            SQLiteBackup.removeRestored(config.database, anchor: anchor)
            context.console.error(
                "The restored chain ends at event \(checked.head?.sequence ?? 0), not \(manifest.auditHeadSequence) as the backup says. What was restored has been removed."
            )
            throw AuditVerificationFailed()
        }
        // Recorded, as every check is (the audit page shows it).
        let verification = try await VerifyAuditChain(app.haven, verifier: app.auditVerifier)(by: nil)
        context.console.print(
            "Audit chain OK: \(verification.eventsChecked) events and \(verification.anchorLinesChecked) anchor lines verified "
                + "in \(String(format: "%.1f", Date().timeIntervalSince(started))) s. Haven can be started on it."
        )
    }
}

/// Issue 13.2: the keys a restore needs must be there before it starts, or Haven would make new
/// ones that open nothing in the backup.
enum RestoreKeys {
    static func check(_ config: HavenConfig) throws {
        var problems: [String] = []
        if config.auditKeyHex == nil && !FileManager.default.fileExists(atPath: config.auditKeyFile) {
            problems.append(
                "restoring needs the audit key the backup's chain was made with: put its key file at \(config.auditKeyFile) or set HAVEN_AUDIT_KEY"
            )
        }
        if config.dataKeyHex == nil && !FileManager.default.fileExists(atPath: config.dataKeyFile) {
            problems.append(
                "restoring needs the data key the backup was sealed under: put its key file at \(config.dataKeyFile) or set HAVEN_DATA_KEY"
            )
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }
}
