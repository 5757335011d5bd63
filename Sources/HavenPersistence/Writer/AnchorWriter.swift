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
final class AnchorWriter: @unchecked Sendable {
    private let anchor: AuditAnchor
    private let health: AuditAnchorHealth
    private let logger: Logger
    private let queue = DispatchQueue(label: "haven-audit-anchor")
    private let lock = NSLock()
    private var pending: [(head: AuditHead, answer: @Sendable () -> Void)] = []
    private var writing = false

    init(anchor: AuditAnchor, health: AuditAnchorHealth, logger: Logger) {
        self.anchor = anchor
        self.health = health
        self.logger = logger
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
                try anchor.record(newest)
                health.succeeded()
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
}
