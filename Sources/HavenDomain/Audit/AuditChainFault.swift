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

    /// What is wrong, in words from the catalogue (`audit.fault.<case>`).
    public var words: Words {
        switch self {
        case .missing(let expected, let found):
            return Words("audit.fault.missing", ["expected": .text(String(expected)), "found": .text(String(found))])
        case .altered(let sequence):
            return Words("audit.fault.altered", ["sequence": .text(String(sequence))])
        case .brokenLink(let sequence):
            return Words("audit.fault.brokenLink", ["sequence": .text(String(sequence))])
        case .truncated(let anchor, let last):
            return Words("audit.fault.truncated", ["anchor": .text(String(anchor)), "last": .text(String(last))])
        case .anchorMismatch(let sequence):
            return Words("audit.fault.anchorMismatch", ["sequence": .text(String(sequence))])
        case .anchorMissing(let events):
            return Words("audit.fault.anchorMissing", ["events": .text(String(events))])
        case .anchorUnreadable(let line):
            return Words("audit.fault.anchorUnreadable", ["line": .text(String(line))])
        case .anchorOutOfOrder(let line, let sequence, let previous):
            return Words(
                "audit.fault.anchorOutOfOrder",
                ["line": .text(String(line)), "sequence": .text(String(sequence)), "previous": .text(String(previous))])
        case .checkpointMismatch(let sequence):
            return Words("audit.fault.checkpointMismatch", ["sequence": .text(String(sequence))])
        case .checkpointBeyondChain(let checkpoint, let last):
            return Words(
                "audit.fault.checkpointBeyondChain",
                ["checkpoint": .text(String(checkpoint)), "last": .text(String(last))])
        }
    }

    /// In English, for the log and the command line.
    public var description: String { Catalogue.shippedEnglish.text(words, timeZone: .gmt) }
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
    /// The events at which Haven recorded beginning a new anchor on a chain that already had
    /// events (`audit.anchor_started`): the anchor does not cover the events before each.
    public let anchorsBegun: [Int64]

    public init(
        eventsChecked: Int, head: AuditHead?, anchorLinesChecked: Int = 0, fault: AuditChainFault?,
        anchorsBegun: [Int64] = []
    ) {
        self.eventsChecked = eventsChecked
        self.head = head
        self.anchorLinesChecked = anchorLinesChecked
        self.fault = fault
        self.anchorsBegun = anchorsBegun
    }
}
