import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import Vapor

/// R7.1: when the audit anchor's last line is first found beyond the chain's head (the newest
/// events deleted, or a line Haven did not write), Haven checks the whole chain at once. The
/// fault is then recorded, for the audit page and `/readyz`, until a later check passes, instead
/// of lasting only while the line keeps heads out (a chain cut short by a few events reaches the
/// line again after a few commits), or only in this process's memory. With a signing key the
/// auditors are emailed, as after the daily check. One server checks for all, once in ten minutes.
enum AnchorAlarm {
    static func install(
        _ app: Application, health: AuditAnchorHealth, signingKeyFile: String?, alsoTo: [String], server: String
    ) {
        let env = app.haven
        let verifier = app.auditVerifier
        let logger = app.logger
        let turn = TakeBackgroundTurn(env, holder: server)
        health.whenAheadOfTheChain {
            Task {
                do {
                    guard try await turn("audit-anchor-alarm", for: 600) else { return }
                    let verification: AuditVerification
                    if let signingKeyFile {
                        let signer = try CheckpointSigningKey.load(file: signingKeyFile)
                        verification = try await SignAuditCheckpoint(env, verifier: verifier, signer: signer)(
                            alsoTo: alsoTo
                        ).verification
                    } else {
                        verification = try await VerifyAuditChain(env, verifier: verifier)(by: nil)
                    }
                    logger.log(
                        level: verification.fault == nil ? .info : .critical,
                        "the audit chain was checked after the anchor's alarm",
                        metadata: ["fault": .string(verification.fault?.description ?? "none")])
                } catch {
                    logger.error(
                        "the audit chain could not be checked after the anchor's alarm",
                        metadata: ["reason": .string(String(describing: error))])
                }
            }
        }
    }
}
