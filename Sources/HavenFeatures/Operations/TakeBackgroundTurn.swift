import Foundation

/// Issue 13.6: a server takes its turn at background work that must run once, whichever server
/// it is; the others skip it while the turn lasts.
public struct TakeBackgroundTurn: Sendable {
    let env: HavenEnvironment
    /// This server, as its turns name it (host, process and a random part).
    let holder: String

    public init(_ env: HavenEnvironment, holder: String) {
        self.env = env
        self.holder = holder
    }

    public func callAsFunction(_ job: String, for lease: TimeInterval) async throws -> Bool {
        let now = env.clock.now()
        let holder = self.holder
        return try await env.write { tx in
            try await tx.backgroundTurns.take(job, holder: holder, at: now, until: now.addingTimeInterval(lease))
        }
    }
}
