import Foundation

/// R7.1: the audit chain's head as a batch advances it. Read under the writer's lock when the
/// batch begins and written once before it commits; a unit that rolls back puts it back where it was.
final class AuditCursor: @unchecked Sendable {
    struct Position: Equatable {
        var sequence: Int64
        var mac: String
    }

    private let lock = NSLock()
    private var current: Position

    init(_ head: AuditAppender.Head) { current = Position(sequence: head.sequence, mac: head.mac) }
    init(_ position: Position) { current = position }

    var position: Position {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }
}

/// The audit head moved between the batch reading it and writing it back: another process
/// appended to the chain. Only this error makes a batch run again with the head read afresh; a
/// unit's own failure (a refusal, bad input, a constraint) never does.
struct AuditHeadMoved: Error, CustomStringConvertible {
    let expected: Int64
    var description: String { "the audit head moved from \(expected) while a batch was being written" }
}
