import ConsoleKit
import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import Vapor

/// `haven audit verify|keygen|checkpoint`: the audit chain from the command line.
enum AuditCommands {
    struct Group: AsyncCommandGroup {
        var commands: [String: any AnyAsyncCommand] {
            ["verify": Verify(), "keygen": Keygen(), "checkpoint": Checkpoint()]
        }
        var help: String { "Audit log commands." }
    }

    static var group: Group { Group() }

    /// Checks every event against the key, every line of the anchor, and (with `--checkpoint`) a
    /// checkpoint the auditors hold; names the first fault and exits 1. It only reads, so it can
    /// be run against a copy (a backup) and never adds to the chain it is checking.
    struct Verify: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "checkpoint", help: "A signed checkpoint file the auditors hold (from the daily email)")
            var checkpoint: String?
            @Option(
                name: "public-key",
                help: "The auditors' copy of the checkpoint public key (hex); HAVEN_AUDIT_PUBLIC_KEY if omitted")
            var publicKey: String?
        }
        var help: String { "Verify the audit chain; exits 1 and names the first bad event, anchor line or checkpoint." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let config = app.storage[ConfigKey.self]!
            var checkpoint: AuditCheckpoint?
            if let file = signature.checkpoint {
                guard let hex = signature.publicKey ?? config.auditPublicKey else {
                    throw CheckpointKeyError.noPublicKey
                }
                let text = try String(contentsOfFile: file, encoding: .utf8)
                checkpoint = try AuditCheckpoint.verified(text, publicKey: try CheckpointSigningKey.publicKey(hex: hex))
            }
            let result = try await app.auditVerifier.verify(checkpoint: checkpoint)
            if let fault = result.fault {
                context.console.error("Audit chain FAILED after \(result.eventsChecked) good events: \(fault)")
                throw AuditVerificationFailed()
            }
            let head = result.head.map { "event \($0.sequence), MAC \($0.mac)" } ?? "no events"
            context.console.print(
                "Audit chain OK: \(result.eventsChecked) events and \(result.anchorLinesChecked) anchor lines verified. Head: \(head)"
            )
            if let checkpoint {
                context.console.print(
                    "Checkpoint OK: event \(checkpoint.head.sequence) matches the auditors' signed checkpoint.")
            }
            for sequence in result.anchorsBegun {
                context.console.warning(
                    "Note: at event \(sequence) Haven found its anchor missing or empty and began a new one. Events cut from the end of the chain before then could not be noticed: check the anchor from a backup, or a signed checkpoint from after then."
                )
            }
            if let anchor = try app.storage[AuditSetupKey.self]!.anchor.latest() {
                context.console.print("Anchor (\(config.auditAnchorFile)): event \(anchor.sequence), MAC \(anchor.mac)")
            }
        }
    }

    /// Makes the checkpoint signing key: the private half in a new owner-only file, the public
    /// half printed for the auditors.
    struct Keygen: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "out", help: "Where to write the new private key (must not exist)") var out: String?
        }
        var help: String { "Make the Ed25519 key that signs the daily audit checkpoint." }

        func run(using context: CommandContext, signature: Signature) async throws {
            guard let out = signature.out else { throw CheckpointKeyError.cannotCreate("(none)", "give --out FILE") }
            let publicKey = try CheckpointSigningKey.create(file: out)
            context.console.print("Signing key written to \(out) (owner-only). Keep it out of the database's backups.")
            context.console.print("Set HAVEN_AUDIT_SIGNING_KEY_FILE=\(out) for `haven serve`.")
            context.console.print("Public key, for the auditors to keep: \(publicKey)")
        }
    }

    /// Verifies the chain and, if intact, signs a checkpoint now, emails it to the auditors and prints it.
    struct Checkpoint: AsyncCommand {
        struct Signature: CommandSignature {
            @Option(name: "out", help: "Also write the signed checkpoint to this file") var out: String?
        }
        var help: String { "Verify the audit chain, sign a checkpoint of its head and send it to the auditors." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let config = app.storage[ConfigKey.self]!
            guard let file = config.auditSigningKeyFile else { throw CheckpointKeyError.noSigningKey }
            let outcome = try await SignAuditCheckpoint(
                app.haven, verifier: app.auditVerifier, signer: try CheckpointSigningKey.load(file: file))(
                    alsoTo: config.auditCheckpointTo)
            if let fault = outcome.verification.fault {
                context.console.error("Audit chain FAILED: \(fault). Nothing was signed; the auditors have been told.")
                throw AuditVerificationFailed()
            }
            guard let document = outcome.document else { throw AuditVerificationFailed() }
            if let out = signature.out { try document.write(toFile: out, atomically: true, encoding: .utf8) }
            context.console.print(document, newLine: false)
            context.console.print(
                "Sent to: \(outcome.recipients.isEmpty ? "nobody (no auditors, no HAVEN_AUDIT_CHECKPOINT_TO)" : outcome.recipients.joined(separator: ", "))"
            )
        }
    }
}

struct AuditVerificationFailed: Error, CustomStringConvertible {
    var description: String { "the audit chain did not verify" }
}
