import ConsoleKit
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import Vapor

/// `haven keys rotate|retire`: the data key case content is sealed under (issue 13.1, R7.4).
enum KeyCommands {
    struct Group: AsyncCommandGroup {
        var commands: [String: any AnyAsyncCommand] { ["rotate": Rotate(), "retire": Retire()] }
        var help: String { "Data key commands: rotate the key case content is sealed under, retire earlier keys." }
    }

    static var group: Group { Group() }

    /// Makes a new key current in the key file, waits for every Haven serving from that file to
    /// take it up (each reads the file again within a second of it changing), then seals every
    /// value again under it, page by page, while they go on serving. The earlier keys stay in
    /// the file to open anything written meanwhile, until `haven keys retire`.
    struct Rotate: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Seal case content under a new data key, while Haven goes on serving." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let sealer = app.dataSealer
            if sealer.ring.madeNow { throw DataKeyError.newDatabase(sealer.ring.file ?? "") }
            let old = sealer.ring.current.id
            // One rotation at a time: a second waits for the first, then rotates from its key.
            let (new, report) = try await sealer.ring.whileLocked {
                let new = try sealer.ring.rotate(to: app.haven.ids.randomBytes(32))
                context.console.print("New data key \(new.id) is current in \(sealer.ring.file ?? "")")
                try await Task.sleep(nanoseconds: 2_000_000_000)
                let database = app.db(HavenDatabase.id)
                var report = try await DataSealing.sealEverything(
                    on: database, with: sealer, now: app.haven.clock.now(), force: true)
                // Anything a server sealed under the old key before it took up the new one.
                let again = try await DataSealing.sealEverything(
                    on: database, with: sealer, now: app.haven.clock.now(), force: true)
                report.resealed += again.resealed
                report.letGo += again.letGo
                return (new, report)
            }
            try await app.haven.unitOfWork.write { tx in
                try await tx.audit(
                    AuditEntry(actor: nil, action: .dataKeyRotated, subjectType: .auditTrail, subjectID: new.id))
            }
            context.console.print(
                "Case content is sealed under data key \(new.id) (was \(old)): \(report.resealed) values sealed again. "
                    + (report.letGo > 0
                        ? "\(report.letGo) emails waiting in the outbox did not open, or were in plain: withdrawn, not sent. "
                        : "")
                    + "The earlier keys stay in the key file until `haven keys retire`; keep a copy of them with the backups taken before now."
            )
        }
    }

    /// Takes every key but the current one out of the key file, after checking (and sealing
    /// again) that nothing is still sealed under them.
    struct Retire: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Remove earlier data keys from the key file once nothing is sealed under them." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let sealer = app.dataSealer
            if sealer.ring.madeNow { throw DataKeyError.newDatabase(sealer.ring.file ?? "") }
            let (report, retired) = try await sealer.ring.whileLocked {
                let checked = sealer.ring.current.id
                let report = try await DataSealing.sealEverything(
                    on: app.db(HavenDatabase.id), with: sealer, now: app.haven.clock.now(), force: true)
                let retired = sealer.ring.all.count - 1
                try sealer.ring.retireEarlierKeys(keeping: checked)
                return (report, retired)
            }
            try await app.haven.unitOfWork.write { tx in
                try await tx.audit(
                    AuditEntry(
                        actor: nil, action: .dataKeysRetired, subjectType: .auditTrail,
                        subjectID: sealer.ring.current.id))
            }
            context.console.print(
                "Earlier data keys removed: \(retired). Everything is sealed under \(sealer.ring.current.id) "
                    + "(\(report.resealed) values were still under an earlier key and were sealed again).")
        }
    }
}
