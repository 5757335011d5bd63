import Dispatch
import Foundation
import HavenDomain
import Logging

/// R7.1: appends the chain's head to the anchor after each commit and syncs it, beside the
/// writer, so the next batch need not wait for it; each batch's callers are answered only once
/// its head (or a later one) is on disk. Heads that queue up while a sync is in progress are
/// written together as the newest of them, with one sync: the anchor records heads in order and
/// only ever goes up, and a later head covers the earlier ones (group commit, for the anchor).
/// A failure cannot undo the commits, so callers are still answered, but it is never swallowed:
/// it is logged as an error and shown on the audit page until a later write succeeds.
///
/// A head at or behind the anchor's last line is not written: usually another server sharing
/// the database recorded a later one. A line that is not one of the chain's heads (beyond it:
/// the newest events deleted, or a line Haven did not write; or with another MAC than the
/// chain's event there) would keep every head out without a word, so the first time a line
/// keeps a head out (at most once a second) it is checked against the database, and a line
/// that does not hold is a failure, logged as critical, for every commit it keeps out; and
/// Haven checks the whole chain at once (`AuditAnchorHealth.whenAheadOfTheChain`), so that the
/// fault is recorded, not only held here.
final class AnchorWriter: @unchecked Sendable {
    private let anchor: AuditAnchor
    private let health: AuditAnchorHealth
    private let logger: Logger
    /// Whether a line is one of the chain's heads, read from the database.
    private let chainHolds: (@Sendable (AuditHead) async throws -> AnchorLineCheck)?
    private let queue = DispatchQueue(label: "haven-audit-anchor")
    private let lock = NSLock()
    private var pending: [(head: AuditHead, answer: @Sendable () -> Void)] = []
    private var writing = false
    /// A line found not to be one of the chain's heads, and where the chain's head was then.
    private var ahead: (line: AuditHead, chainEnd: Int64)?
    private var checking = false
    private var lastCheck = Date.distantPast

    init(
        anchor: AuditAnchor, health: AuditAnchorHealth, logger: Logger,
        chainHolds: (@Sendable (AuditHead) async throws -> AnchorLineCheck)? = nil
    ) {
        self.anchor = anchor
        self.health = health
        self.logger = logger
        self.chainHolds = chainHolds
    }

    func record(_ head: AuditHead, then answer: @escaping @Sendable () -> Void) {
        let start: Bool = lock.withLock {
            pending.append((head, answer))
            if writing { return false }
            writing = true
            return true
        }
        if start { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let taken: [(head: AuditHead, answer: @Sendable () -> Void)] = lock.withLock {
                defer { pending = [] }
                if pending.isEmpty { writing = false }
                return pending
            }
            guard let newest = taken.max(by: { $0.head.sequence < $1.head.sequence })?.head else { return }
            do {
                if let later = try anchor.record(newest) {
                    keptOut(by: later)
                } else {
                    lock.withLock { ahead = nil }
                    health.succeeded()
                }
            } catch {
                health.failed(error, at: Date())
                logger.error(
                    "the audit anchor could not be written: the newest events are not protected against deletion",
                    metadata: [
                        "reason": .string(String(describing: error)), "sequence": .stringConvertible(newest.sequence),
                    ])
            }
            for item in taken { item.answer() }
        }
    }

    /// A head was not written because of `line`: fails again if that line is already known not
    /// to hold, else (once a second, one check at a time) checks it against the chain.
    private func keptOut(by line: AuditHead) {
        enum Next {
            case failAgain(Int64)
            case check, nothing
        }
        let next: Next = lock.withLock {
            if let ahead, ahead.line == line { return .failAgain(ahead.chainEnd) }
            guard chainHolds != nil, !checking, Date().timeIntervalSince(lastCheck) >= 1 else { return .nothing }
            checking = true
            lastCheck = Date()
            return .check
        }
        switch next {
        case .failAgain(let end):
            health.failed(AuditAnchorError.aheadOfTheChain(line: line.sequence, chainEnd: end), at: Date())
        case .check:
            guard let chainHolds else { return }
            Task {
                defer { lock.withLock { checking = false } }
                guard let answer = try? await chainHolds(line), !answer.holds else { return }
                let end = answer.chainHead
                lock.withLock { ahead = (line, end) }
                let problem = AuditAnchorError.aheadOfTheChain(line: line.sequence, chainEnd: end)
                health.failed(problem, at: Date())
                logger.critical(
                    "the audit anchor's last line is not one of the chain's heads: events may have been deleted, or something other than Haven wrote the line, and nothing is added to the anchor after it. Haven checks the whole chain now. Keep copies of the database and the anchor as they are for the auditors (docs/audit-format.md)",
                    metadata: ["reason": .string(problem.description), "anchor": .string(anchor.path)])
                health.noticedAhead()
            }
        case .nothing: break
        }
    }
}
