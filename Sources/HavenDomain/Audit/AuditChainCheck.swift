/// R7.1, R7.8: checks a chain one event at a time, in sequence order from the first, so that a
/// chain of any length is verified in constant memory. Each event must follow the one before it
/// and carry the MAC its contents give under the key. Every line of the anchor kept outside the
/// database must record an event of the chain, in strictly increasing order, and none may be
/// beyond the chain's end; a chain with events and no anchor is a fault. An auditor's signed
/// checkpoint, if given, must match the chain's event at its sequence. The check stops at, and
/// names, the first fault.
public struct AuditChainCheck {
    let chain: AuditChain
    private var anchor: any IteratorProtocol<AuditAnchorLine>
    private let checkpoint: AuditCheckpoint?
    /// The next anchor line still to be matched against an event.
    private var pendingAnchor: AuditAnchorLine?
    private var previousAnchorSequence: Int64 = 0
    private var anchorLinesSeen = 0
    private var checkpointSeen = false
    private var previous: AuditHead?
    private var count = 0
    /// The events recording that Haven began a new anchor on a chain that had events.
    private var anchorsBegun: [Int64] = []
    public private(set) var fault: AuditChainFault?

    public init(chain: AuditChain, anchor: some IteratorProtocol<AuditAnchorLine>, checkpoint: AuditCheckpoint? = nil) {
        self.chain = chain
        self.anchor = anchor
        self.checkpoint = checkpoint
        pullAnchorLine()
    }

    /// Checks the next event; false once a fault has been found (stop feeding events then).
    @discardableResult
    public mutating func check(_ event: AuditEvent) -> Bool {
        guard fault == nil else { return false }
        let expected = (previous?.sequence ?? 0) + 1
        if event.sequence != expected {
            fault = .missing(expectedSequence: expected, found: event.sequence)
        } else if chain.mac(for: event) != event.mac {
            fault = .altered(sequence: event.sequence)
        } else if event.previousMAC != (previous?.mac ?? AuditChain.genesisMAC) {
            fault = .brokenLink(sequence: event.sequence)
        } else if let line = pendingAnchor, let head = line.head, head.sequence <= event.sequence {
            if head.sequence < event.sequence || head.mac != event.mac {
                fault = .anchorMismatch(sequence: head.sequence)
            } else {
                pullAnchorLine()
            }
        }
        if fault == nil, let checkpoint, checkpoint.head.sequence == event.sequence {
            checkpointSeen = true
            if checkpoint.head.mac != event.mac { fault = .checkpointMismatch(sequence: event.sequence) }
        }
        guard fault == nil else { return false }
        count += 1
        previous = AuditHead(sequence: event.sequence, mac: event.mac)
        if event.action == AuditAction.auditAnchorStarted.rawValue { anchorsBegun.append(event.sequence) }
        return true
    }

    /// The verdict, once every event has been fed.
    public mutating func finish() -> AuditVerification {
        if fault == nil {
            let last = previous?.sequence ?? 0
            if let head = pendingAnchor?.head {
                fault = .truncated(anchorSequence: head.sequence, lastSequence: last)
            } else if count > 0 && anchorLinesSeen == 0 {
                fault = .anchorMissing(events: count)
            } else if let checkpoint, !checkpointSeen {
                fault = .checkpointBeyondChain(checkpointSequence: checkpoint.head.sequence, lastSequence: last)
            }
        }
        return AuditVerification(
            eventsChecked: count, head: previous, anchorLinesChecked: anchorLinesSeen, fault: fault,
            anchorsBegun: anchorsBegun)
    }

    /// Takes the next anchor line, checking it can be read and comes after the one before.
    private mutating func pullAnchorLine() {
        pendingAnchor = anchor.next()
        guard let line = pendingAnchor else { return }
        anchorLinesSeen += 1
        guard let head = line.head else {
            fault = .anchorUnreadable(line: line.number)
            return
        }
        if head.sequence <= previousAnchorSequence {
            fault = .anchorOutOfOrder(line: line.number, sequence: head.sequence, previous: previousAnchorSequence)
        }
        previousAnchorSequence = head.sequence
    }
}

extension AuditChain {
    /// R7.1: checks a whole chain held in memory (tests and small chains) against the anchor's lines.
    public func verify(
        _ events: some Sequence<AuditEvent>, anchor: [AuditHead] = [], checkpoint: AuditCheckpoint? = nil
    ) -> AuditVerification {
        let lines = anchor.enumerated().map { AuditAnchorLine(number: $0.offset + 1, head: $0.element) }
        var check = AuditChainCheck(chain: self, anchor: lines.makeIterator(), checkpoint: checkpoint)
        for event in events where check.check(event) {}
        return check.finish()
    }
}
