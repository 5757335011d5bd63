/// R7.1: what is wrong with the first bad event, anchor line or checkpoint, in words an auditor
/// can act on.
public enum AuditChainFault: Equatable, Sendable, CustomStringConvertible {
    case missing(expectedSequence: Int64, found: Int64)
    case altered(sequence: Int64)
    case brokenLink(sequence: Int64)
    case truncated(anchorSequence: Int64, lastSequence: Int64)
    case anchorMismatch(sequence: Int64)
    /// Events exist, but the anchor outside the database is missing or empty.
    case anchorMissing(events: Int)
    /// A line of the anchor that is not "sequence MAC" (other than a last line cut short by a crash).
    case anchorUnreadable(line: Int)
    /// A line records an event at or before one an earlier line recorded: a stale line was appended.
    case anchorOutOfOrder(line: Int, sequence: Int64, previous: Int64)
    /// The chain's event differs from the one an auditor's signed checkpoint recorded.
    case checkpointMismatch(sequence: Int64)
    /// An auditor's signed checkpoint recorded an event the chain no longer has.
    case checkpointBeyondChain(checkpointSequence: Int64, lastSequence: Int64)

    public var description: String {
        switch self {
        case .missing(let expected, let found):
            "event \(expected) is missing (the next event found is \(found)): events were deleted or reordered"
        case .altered(let sequence):
            "event \(sequence) was altered: its MAC does not match its contents"
        case .brokenLink(let sequence):
            "event \(sequence) does not follow the event before it: events were deleted, reordered or replaced"
        case .truncated(let anchor, let last):
            "the chain ends at event \(last) but the anchor outside the database records event \(anchor): newest events were deleted"
        case .anchorMismatch(let sequence):
            "event \(sequence) differs from the copy recorded in the anchor outside the database"
        case .anchorMissing(let events):
            "the chain has \(events) events but the anchor outside the database is missing or empty: it was deleted, or events were added without it"
        case .anchorUnreadable(let line):
            "line \(line) of the anchor outside the database cannot be read: the file was edited"
        case .anchorOutOfOrder(let line, let sequence, let previous):
            "line \(line) of the anchor records event \(sequence) after event \(previous): a stale line was appended or the file was edited"
        case .checkpointMismatch(let sequence):
            "event \(sequence) differs from the signed checkpoint the auditors hold: the chain was rewritten"
        case .checkpointBeyondChain(let checkpoint, let last):
            "the signed checkpoint the auditors hold records event \(checkpoint), but the chain ends at event \(last): events were deleted"
        }
    }
}

/// R7.1: one line of the anchor file, as read: the head it records, or nothing if it is unreadable.
public struct AuditAnchorLine: Equatable, Sendable {
    public let number: Int
    public let head: AuditHead?

    public init(number: Int, head: AuditHead?) {
        self.number = number
        self.head = head
    }
}

/// R7.1: a position in the chain: an event's sequence number and MAC.
public struct AuditHead: Equatable, Sendable {
    public let sequence: Int64
    public let mac: String

    public init(sequence: Int64, mac: String) {
        self.sequence = sequence
        self.mac = mac
    }
}

/// R7.1: the result of checking a whole chain.
public struct AuditVerification: Equatable, Sendable {
    public let eventsChecked: Int
    public let head: AuditHead?
    public let anchorLinesChecked: Int
    public let fault: AuditChainFault?

    public init(eventsChecked: Int, head: AuditHead?, anchorLinesChecked: Int = 0, fault: AuditChainFault?) {
        self.eventsChecked = eventsChecked
        self.head = head
        self.anchorLinesChecked = anchorLinesChecked
        self.fault = fault
    }
}
