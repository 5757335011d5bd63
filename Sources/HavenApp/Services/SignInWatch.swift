import Foundation
import HavenFeatures
import Vapor

/// R1.6, R7.1: failed sign-ins for emails with no account are counted in memory, not stored one
/// by one; this records the count in the audit trail each minute, and once more at shutdown so
/// the last minute is not lost.
final class SignInWatch: LifecycleHandler, @unchecked Sendable {
    private var task: Task<Void, Never>?
    let interval: Double

    init(interval: Double) { self.interval = interval }

    func didBootAsync(_ app: Application) async throws {
        guard interval > 0 else { return }
        let nanoseconds = UInt64(interval * 1_000_000_000)
        let record = RecordUnknownSignIns(app.haven)
        let logger = app.logger
        task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: nanoseconds)
                do { try await record() } catch {
                    logger.error(
                        "failed sign-ins could not be recorded",
                        metadata: ["type": .string(String(describing: type(of: error)))])
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task?.cancel()
        await task?.value
        try? await RecordUnknownSignIns(app.haven)()
    }
}
