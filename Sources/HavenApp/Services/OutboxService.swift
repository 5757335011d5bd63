import Foundation
import HavenFeatures
import Vapor

/// R2.5: delivers the email outbox in the background, every few seconds.
final class OutboxService: LifecycleHandler, @unchecked Sendable {
    let interval: Double
    let transport: any MailTransport
    private var task: Task<Void, Never>?

    init(interval: Double, transport: any MailTransport) {
        self.interval = interval
        self.transport = transport
    }

    func didBootAsync(_ app: Application) async throws {
        let delivery = DeliverOutbox(app.haven, transport: transport)
        let interval = self.interval
        let logger = app.logger
        task = Task {
            while !Task.isCancelled {
                do {
                    let sent = try await delivery.deliverDue()
                    if sent > 0 { logger.info("outbox delivered", metadata: ["emails": .stringConvertible(sent)]) }
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
