import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import Vapor

/// R7.1: when the audit anchor's last line is first found not to be one of the chain's heads
/// (events deleted, or a line Haven did not write), Haven checks the whole chain at once. The
/// fault is then recorded, for the audit page and `/readyz`, until a later check passes, instead
/// of lasting only while the line keeps heads out (a chain cut short by a few events reaches the
/// line again after a few commits), or only in this process's memory. With a signing key the
/// auditors are emailed, as after the daily check. One server checks for all, and each at most
/// once in ten minutes and one check at a time (a new line appended each second would otherwise
/// have the whole chain checked, and the auditors emailed, each second).
enum AnchorAlarm {
    static func install(
        _ app: Application, health: AuditAnchorHealth, signingKeyFile: String?, alsoTo: [String], server: String
    ) {
        let env = app.haven
        let verifier = app.auditVerifier
        let logger = app.logger
        let turn = TakeBackgroundTurn(env, holder: server)
        let spacing = Spacing(every: 600)
        health.whenAheadOfTheChain {
            guard spacing.begin(at: Date()) else { return }
            Task {
                defer { spacing.end() }
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

/// One run at a time, and at most one begun in each `every` seconds.
private final class Spacing: @unchecked Sendable {
    private let lock = NSLock()
    private let every: TimeInterval
    private var running = false
    private var last: Date?

    init(every: TimeInterval) { self.every = every }

    func begin(at moment: Date) -> Bool {
        lock.withLock {
            if running || last.map({ moment.timeIntervalSince($0) < every }) == true { return false }
            running = true
            last = moment
            return true
        }
    }

    func end() { lock.withLock { running = false } }
}
