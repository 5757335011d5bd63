import Foundation

/// Issue 13.4: checks each dependency Haven needs, each within `deadline`, and says whether this
/// process is ready (see `Readiness.Check.matters`).
public struct ReadReadiness: Sendable {
    let env: HavenEnvironment
    let verifier: any AuditChainVerifier
    /// Reaches the database and checks it commits durably; throws with a reason if not.
    let database: @Sendable () async throws -> Void
    /// Whether the audit anchor's file (or, before its first line, its folder) can be written.
    let anchorWritable: @Sendable () -> Bool
    /// How often the whole chain is checked (0: never, by this server).
    let auditInterval: TimeInterval
    let deadline: Duration

    public init(
        _ env: HavenEnvironment, verifier: any AuditChainVerifier,
        database: @escaping @Sendable () async throws -> Void, anchorWritable: @escaping @Sendable () -> Bool,
        auditInterval: TimeInterval, deadline: Duration = .seconds(5)
    ) {
        self.env = env
        self.verifier = verifier
        self.database = database
        self.anchorWritable = anchorWritable
        self.auditInterval = auditInterval
        self.deadline = deadline
    }

    public func callAsFunction() async -> Readiness {
        let now = env.clock.now()
        var checks = [await databaseCheck()]
        checks.append(anchorCheck())
        // The rest is read from the database; if it cannot be reached they cannot be known.
        let status = try? await within(deadline) { [env] in
            try await env.read { tx in
                (
                    try await tx.auditStatus.lastVerification(), try await tx.alerts.pendingEmailCount(),
                    try await tx.alerts.oldestUnsentEmail()
                )
            }
        }
        guard let (verification, backlog, oldest) = status else {
            let unknown = "not known: the database did not answer"
            return Readiness(
                checks: checks + [
                    Readiness.Check(.auditChain, .failing, unknown), Readiness.Check(.outbox, .failing, unknown),
                ]
                    + [emailCheck(oldest: nil, now: now)])
        }
        checks.append(chainCheck(verification, now: now))
        checks.append(outboxCheck(backlog: backlog, oldest: oldest, now: now))
        checks.append(emailCheck(oldest: oldest, now: now))
        return Readiness(checks: checks)
    }

    private func databaseCheck() async -> Readiness.Check {
        do {
            try await within(deadline) { [database] in
                // A pooled connection the database has closed (a restart, a failover, sessions
                // ended by an administrator) fails the first query on it, and the pool then
                // replaces it: only three failures in a row, within the deadline, say the
                // database cannot be reached. A durability problem is an answer, not a failure.
                var attempt = 1
                while true {
                    do { return try await database() } catch let problem as any DurabilityProblem {
                        throw problem
                    } catch {
                        if attempt == 3 { throw error }
                        attempt += 1
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
            }
            return Readiness.Check(.database, .ok, "reachable, commits durably")
        } catch let error as ReadinessDeadline {
            return Readiness.Check(.database, .failing, error.description)
        } catch let problem as any DurabilityProblem {
            return Readiness.Check(.database, .failing, problem.description)
        } catch {
            // The type only: a driver's error could quote a statement.
            return Readiness.Check(.database, .failing, "unreachable (\(type(of: error)))")
        }
    }

    private func anchorCheck() -> Readiness.Check {
        let problem = verifier.anchorProblem()
        guard anchorWritable() else {
            let since = problem.map { " since \(Self.moment($0.since)) (\($0.failures) failures)" } ?? ""
            return Readiness.Check(.auditAnchor, .failing, "cannot be written" + since)
        }
        // Writable, and still not written: its last line is not one of the chain's heads (events
        // deleted, or a line Haven did not write). Every server sharing the anchor finds
        // the same line, so taking this one out would help nobody and stop concerns being
        // recorded: an alarm (logged as critical, and the whole chain checked at once), not a
        // reason to stop taking requests.
        if let problem, problem.aheadOfTheChain {
            return Readiness.Check(
                .auditAnchor, .failing,
                "its last line is not one of the chain's heads, so nothing is added after it, since "
                    + "\(Self.moment(problem.since)) (\(problem.failures) commits not anchored)", matters: false)
        }
        // Put right: the next commit writes the chain's head to it, covering what it missed.
        if let problem {
            return Readiness.Check(
                .auditAnchor, .ok,
                "writable again; not written since \(Self.moment(problem.since)) until the next commit")
        }
        return Readiness.Check(.auditAnchor, .ok, "writable")
    }

    private func chainCheck(_ last: AuditVerificationRecord?, now: Date) -> Readiness.Check {
        guard let last else {
            return Readiness.Check(.auditChain, .notYetChecked, "not checked since Haven was installed")
        }
        let when = "checked \(Self.moment(last.at)), \(last.eventsChecked) events"
        if last.fault != nil {
            return Readiness.Check(.auditChain, .failing, "did not verify: \(when)")
        }
        // Overdue once a whole interval (and an hour's grace) has passed without a check.
        if auditInterval > 0 && now.timeIntervalSince(last.at) > auditInterval + 3600 {
            return Readiness.Check(.auditChain, .failing, "overdue: last \(when)")
        }
        return Readiness.Check(.auditChain, .ok, "verified: \(when)")
    }

    private func outboxCheck(backlog: Int, oldest: UnsentEmail?, now: Date) -> Readiness.Check {
        guard let oldest else { return Readiness.Check(.outbox, .ok, "empty") }
        let age = max(0, Int(now.timeIntervalSince(oldest.createdAt)))
        let detail = "\(backlog) waiting, oldest \(age) s"
        return Readiness.Check(.outbox, Double(age) > env.emailLateAfter ? .failing : .ok, detail)
    }

    private func emailCheck(oldest: UnsentEmail?, now: Date) -> Readiness.Check {
        guard env.emailConfigured else {
            return Readiness.Check(.email, .notConfigured, "no SMTP relay is set (HAVEN_SMTP_HOST)")
        }
        // What the relay last said, if the oldest unsent email was refused or not answered.
        if let oldest, let failure = oldest.failure,
            Double(now.timeIntervalSince(oldest.createdAt)) > env.emailLateAfter
        {
            return Readiness.Check(.email, .failing, "relay: \(failure.rawValue)")
        }
        return Readiness.Check(.email, .ok, oldest?.failure.map { "relay: \($0.rawValue)" } ?? "configured")
    }

    static func moment(_ date: Date) -> String { date.formatted(.iso8601) }
}

/// A reason the database's commits would not be durable (from the persistence adapter).
public protocol DurabilityProblem: Error, CustomStringConvertible {}

/// A dependency that did not answer within the readiness check's deadline.
struct ReadinessDeadline: Error, CustomStringConvertible {
    let deadline: Duration
    var description: String { "no answer within \(deadline.components.seconds) s" }
}

/// Runs `body`, giving up after `deadline` without blocking a thread, and without waiting for a
/// body that does not stop when cancelled (a database pool waiting for a connection, say).
func within<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    let once = Once<T>()
    return try await withCheckedThrowingContinuation { continuation in
        let work = Task {
            do { once.resume(continuation, with: .success(try await body())) } catch {
                once.resume(continuation, with: .failure(error))
            }
        }
        Task {
            try? await Task.sleep(for: deadline)
            once.resume(continuation, with: .failure(ReadinessDeadline(deadline: deadline)))
            work.cancel()
        }
    }
}

private final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func resume(_ continuation: CheckedContinuation<T, any Error>, with result: Result<T, any Error>) {
        let first = lock.withLock {
            defer { done = true }
            return !done
        }
        if first { continuation.resume(with: result) }
    }
}
