import Foundation
import Testing

@testable import HavenDomain

/// Issue 10.3: every line of the anchor outside the database is checked, not only the last one.
@Suite("R7.1 every anchor line is checked against the chain")
struct AuditAnchorCheckTests {
    let chain = AuditChain(key: Array(repeating: 9, count: 32))

    func events(_ count: Int) -> [AuditEvent] {
        var result: [AuditEvent] = []
        for index in 0..<count {
            result.append(
                chain.append(
                    AuditEntry(actor: nil, action: .concernRead, subjectType: .concern, subjectID: "c\(index)"),
                    at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)),
                    after: result.last.map { ($0.sequence, $0.mac) }))
        }
        return result
    }

    func heads(_ all: [AuditEvent], _ sequences: [Int]) -> [AuditHead] {
        sequences.map { AuditHead(sequence: all[$0 - 1].sequence, mac: all[$0 - 1].mac) }
    }

    @Test func anAnchorLineForEveryCommitVerifies() {
        let all = events(8)
        let result = chain.verify(all, anchor: heads(all, [2, 3, 6, 8]))
        #expect(result.fault == nil)
        #expect(result.anchorLinesChecked == 4)
    }

    /// A crash between a commit and its anchor line leaves the anchor behind the chain: allowed.
    @Test func anAnchorBehindTheChainVerifies() {
        let all = events(8)
        #expect(chain.verify(all, anchor: heads(all, [2, 5])).fault == nil)
    }

    /// Appending an old line makes the newest line look like an earlier head: the deletion of the
    /// events after it would then pass if only the last line were read.
    @Test func aStaleLineAppendedIsCaught() {
        let all = events(8)
        let result = chain.verify(all.prefix(5), anchor: heads(all, [2, 6, 8, 5]))
        #expect(result.fault == .truncated(anchorSequence: 6, lastSequence: 5))
        let onlyStale = chain.verify(all, anchor: heads(all, [2, 8, 5]))
        #expect(onlyStale.fault == .anchorOutOfOrder(line: 3, sequence: 5, previous: 8))
        let repeated = chain.verify(all, anchor: heads(all, [2, 4, 4]))
        #expect(repeated.fault == .anchorOutOfOrder(line: 3, sequence: 4, previous: 4))
    }

    @Test func aLineInTheMiddleThatDisagreesIsNamed() {
        let all = events(8)
        var lines = heads(all, [2, 4, 7])
        lines[1] = AuditHead(sequence: 4, mac: all[2].mac)
        #expect(chain.verify(all, anchor: lines).fault == .anchorMismatch(sequence: 4))
    }

    @Test func anUnreadableLineIsNamed() {
        let all = events(4)
        let lines = [
            AuditAnchorLine(number: 1, head: AuditHead(sequence: 1, mac: all[0].mac)),
            AuditAnchorLine(number: 2, head: nil),
            AuditAnchorLine(number: 3, head: AuditHead(sequence: 4, mac: all[3].mac)),
        ]
        var check = AuditChainCheck(chain: chain, anchor: lines.makeIterator())
        for event in all where check.check(event) {}
        let result = check.finish()
        #expect(result.fault == .anchorUnreadable(line: 2))
    }

    /// Once there are events, an anchor that is missing or empty is a fault: it was deleted.
    @Test func eventsWithoutAnyAnchorAreAFault() {
        let all = events(3)
        #expect(chain.verify(all, anchor: []).fault == .anchorMissing(events: 3))
        #expect(chain.verify([AuditEvent](), anchor: []).fault == nil)
        #expect(
            chain.verify([AuditEvent](), anchor: heads(all, [1])).fault
                == .truncated(anchorSequence: 1, lastSequence: 0))
    }

    /// The check stops at the first fault and does not need the events after it.
    @Test func theCheckStopsAtTheFirstFault() {
        var all = events(6)
        all[1] = AuditEvent(
            sequence: 2, atMillis: all[1].atMillis, actor: "x", action: all[1].action, subjectType: nil, subjectID: nil,
            reason: nil, previousMAC: all[1].previousMAC, mac: all[1].mac)
        var check = AuditChainCheck(
            chain: chain,
            anchor: heads(all, [6]).enumerated().map { AuditAnchorLine(number: $0.offset + 1, head: $0.element) }
                .makeIterator())
        let first = check.check(all[0])
        let second = check.check(all[1])
        let third = check.check(all[2])
        #expect(first && !second && !third)
        let result = check.finish()
        #expect(result.fault == .altered(sequence: 2))
        #expect(result.eventsChecked == 1)
    }
}
