import Foundation
import HavenFeatures
import Vapor

/// R2.5: delivers the email outbox in the background, every few seconds.
final class OutboxService: LifecycleHandler, @unchecked Sendable {
    let interval: Double
    let transport: any MailTransport
    let claimLease: Double
    private var task: Task<Void, Never>?

    init(interval: Double, transport: any MailTransport, claimLease: Double) {
        self.interval = interval
        self.transport = transport
        self.claimLease = claimLease
    }

    func didBootAsync(_ app: Application) async throws {
        let delivery = DeliverOutbox(app.haven, transport: transport, claimLease: claimLease)
        let interval = self.interval
        let logger = app.logger
        try await delivery.retryEverythingNow()
        task = Task {
            while !Task.isCancelled {
                do {
                    let round = try await delivery.deliverDue()
                    if round.sent > 0 {
                        logger.info("outbox delivered", metadata: ["emails": .stringConvertible(round.sent)])
                    }
                    if round.changed > 0 {
                        logger.critical(
                            "emails in the outbox were changed in the database by someone without the data key: withdrawn, not sent",
                            metadata: ["emails": .stringConvertible(round.changed)])
                    }
                    if let failure = round.failure {
                        // Issue 13.3: a relay that fails is said, every round it fails.
                        logger.warning(
                            "outbox emails not sent",
                            metadata: ["failed": .stringConvertible(round.failed), "reason": .string(failure.rawValue)])
                    }
                } catch {
                    logger.warning(
                        "outbox delivery failed", metadata: ["type": .string(String(describing: type(of: error)))])
                }
                try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        await task?.value
    }
}
