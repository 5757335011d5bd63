import ConsoleKit
import Foundation
import HavenDomain
import HavenPersistence
import Vapor

/// `haven audit verify`: checks every event of the chain against the key and the anchor, and
/// names the first bad event. Exits non-zero when the chain does not verify.
enum AuditCommands {
    struct Group: AsyncCommandGroup {
        var commands: [String: any AnyAsyncCommand] { ["verify": Verify()] }
        var help: String { "Audit log commands." }
    }

    static var group: Group { Group() }

    struct Verify: AsyncCommand {
        struct Signature: CommandSignature {}
        var help: String { "Verify the audit hash chain; exits 1 and names the first bad event if it has been altered." }

        func run(using context: CommandContext, signature: Signature) async throws {
            let app = context.application
            let setup = app.storage[AuditSetupKey.self]!
            let result = try await HavenDatabase.verifyAudit(app.db(HavenDatabase.id), chain: setup.chain, anchor: setup.anchor)
            let head = result.head.map { "event \($0.sequence), MAC \($0.mac)" } ?? "no events"
            if let fault = result.fault {
                context.console.error("Audit chain FAILED after \(result.eventsChecked) good events: \(fault)")
                throw AuditVerificationFailed()
            }
            context.console.print("Audit chain OK: \(result.eventsChecked) events verified. Head: \(head)")
            if let anchor = try setup.anchor.latest() {
                context.console.print("Anchor (\(setup.anchor.path)): event \(anchor.sequence), MAC \(anchor.mac)")
            }
        }
    }
}

struct AuditVerificationFailed: Error, CustomStringConvertible {
    var description: String { "the audit chain did not verify" }
}
