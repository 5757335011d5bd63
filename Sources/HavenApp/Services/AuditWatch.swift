import Foundation
import HavenDomain
import HavenFeatures
import Vapor

/// R7.1, R7.8: Haven checks its whole audit chain soon after it starts and then once a day (a
/// setting), recording the result for the audit page. With a signing key it also signs a
/// checkpoint of the chain's head and emails it to the auditors, or tells them the chain failed.
final class AuditWatch: LifecycleHandler, @unchecked Sendable {
    let interval: Double
    let signingKeyFile: String?
    let alsoTo: [String]
    /// This server, as its turn at the check names it.
    let server: String
    private var task: Task<Void, Never>?

    init(interval: Double, signingKeyFile: String?, alsoTo: [String], server: String) {
        self.interval = interval
        self.signingKeyFile = signingKeyFile
        self.alsoTo = alsoTo
        self.server = server
    }

    func didBootAsync(_ app: Application) async throws {
        // A configured key that cannot be read stops the server starting, rather than the auditors
        // silently receiving nothing.
        let signer: (any AuditCheckpointSigner)? = try signingKeyFile.map { try CheckpointSigningKey.load(file: $0) }
        let env = app.haven
        let verifier = app.auditVerifier
        let alsoTo = self.alsoTo
        let interval = self.interval
        let logger = app.logger
        let turn = TakeBackgroundTurn(env, holder: server)
        task = Task {
            while !Task.isCancelled {
                do {
                    // Not again if a check was made within the interval (a restart does not start one).
                    let last = try await env.unitOfWork.read { tx in try await tx.auditStatus.lastVerification() }
                    let due = last.map { $0.at.addingTimeInterval(interval) } ?? env.clock.now()
                    if due > env.clock.now() {
                        try await Task.sleep(
                            nanoseconds: UInt64(min(due.timeIntervalSince(env.clock.now()), interval) * 1_000_000_000))
                        continue
                    }
                    // Issue 13.6: one server checks (and emails the auditors) for all; the others
                    // find the check recorded when they look again.
                    guard try await turn("audit-check", for: min(interval, 3600)) else {
                        try await Task.sleep(nanoseconds: UInt64(min(interval, 60) * 1_000_000_000))
                        continue
                    }
                    let verification: AuditVerification
                    if let signer {
                        verification = try await SignAuditCheckpoint(env, verifier: verifier, signer: signer)(
                            alsoTo: alsoTo
                        ).verification
                    } else {
                        verification = try await VerifyAuditChain(env, verifier: verifier)(by: nil)
                    }
                    if let fault = verification.fault {
                        logger.error("the audit chain did not verify", metadata: ["fault": .string(fault.description)])
                    } else {
                        logger.info(
                            "audit chain verified", metadata: ["events": .stringConvertible(verification.eventsChecked)]
                        )
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error(
                        "the audit check could not run", metadata: ["reason": .string(String(describing: error))])
                    try? await Task.sleep(nanoseconds: 60_000_000_000)
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        await task?.value
    }
}
