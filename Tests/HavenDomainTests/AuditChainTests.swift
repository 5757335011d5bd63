import Foundation
import Testing

@testable import HavenDomain

@Suite("R7.1 audit hash chain")
struct AuditChainTests {
    let chain = AuditChain(key: Array(repeating: 7, count: 32))

    func events(_ count: Int) -> [AuditEvent] {
        var result: [AuditEvent] = []
        for index in 0..<count {
            let entry = AuditEntry(
                actor: pid(index % 3), action: index % 2 == 0 ? .concernRead : .concernRecorded,
                subjectType: .concern, subjectID: "c\(index)", reason: index == 2 ? "checking | pipes: 3:x" : nil)
            result.append(
                chain.append(
                    entry, at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)),
                    after: result.last.map { ($0.sequence, $0.mac) }))
        }
        return result
    }

    func altered(
        _ event: AuditEvent, action: String? = nil, reason: String?? = nil, actor: String?? = nil,
        atMillis: Int64? = nil
    ) -> AuditEvent {
        AuditEvent(
            sequence: event.sequence, atMillis: atMillis ?? event.atMillis, actor: actor ?? event.actor,
            action: action ?? event.action,
            subjectType: event.subjectType, subjectID: event.subjectID, reason: reason ?? event.reason,
            previousMAC: event.previousMAC, mac: event.mac)
    }

    @Test func anUntouchedChainVerifies() {
        let all = events(6)
        let result = chain.verify(all, anchor: [AuditHead(sequence: all[5].sequence, mac: all[5].mac)])
        #expect(result.fault == nil)
        #expect(result.eventsChecked == 6)
        #expect(result.head?.sequence == 6)
    }

    @Test func anEmptyChainVerifies() {
        #expect(chain.verify([AuditEvent]()).fault == nil)
    }

    @Test func anAlteredFieldIsNamed() {
        var all = events(6)
        all[3] = altered(all[3], action: "concern.exported")
        #expect(chain.verify(all).fault == .altered(sequence: 4))
        all = events(6)
        all[2] = altered(all[2], reason: .some(nil))
        #expect(chain.verify(all).fault == .altered(sequence: 3))
        all = events(6)
        all[1] = altered(all[1], atMillis: all[1].atMillis + 1)
        #expect(chain.verify(all).fault == .altered(sequence: 2))
        all = events(6)
        all[0] = altered(all[0], actor: .some(nil))
        #expect(chain.verify(all).fault == .altered(sequence: 1))
    }

    @Test func aDeletedEventIsNamed() {
        var all = events(6)
        all.remove(at: 2)
        #expect(chain.verify(all).fault == .missing(expectedSequence: 3, found: 4))
    }

    @Test func reorderedEventsAreDetected() {
        var all = events(6)
        all.swapAt(2, 3)
        #expect(chain.verify(all).fault == .missing(expectedSequence: 3, found: 4))
    }

    @Test func renumberedEventsAfterADeletionAreDetected() {
        // Someone deletes event 3 and renumbers the rest to hide the gap: the MACs no longer match.
        let all = events(6)
        var forged = Array(all[0..<2])
        for event in all[3...] {
            forged.append(
                AuditEvent(
                    sequence: event.sequence - 1, atMillis: event.atMillis, actor: event.actor, action: event.action,
                    subjectType: event.subjectType, subjectID: event.subjectID, reason: event.reason,
                    previousMAC: event.previousMAC, mac: event.mac))
        }
        #expect(chain.verify(forged).fault == .altered(sequence: 3))
    }

    @Test func aChainWithoutTheKeyCannotBeRebuilt() {
        let all = events(4)
        let forger = AuditChain(key: Array(repeating: 8, count: 32))
        var forged = Array(all[0..<2])
        let entry = AuditEntry(actor: nil, action: .concernRead, subjectType: .concern, subjectID: "x")
        forged.append(forger.append(entry, at: Date(), after: (forged[1].sequence, forged[1].mac)))
        #expect(chain.verify(forged).fault == .altered(sequence: 3))
    }

    @Test func deletingTheNewestEventsIsCaughtByTheAnchor() {
        let all = events(6)
        let result = chain.verify(all.prefix(4), anchor: [AuditHead(sequence: 6, mac: all[5].mac)])
        #expect(result.fault == .truncated(anchorSequence: 6, lastSequence: 4))
    }

    @Test func anAnchorThatDisagreesIsReported() {
        let all = events(6)
        #expect(
            chain.verify(all, anchor: [AuditHead(sequence: 5, mac: String(repeating: "a", count: 64))]).fault
                == .anchorMismatch(sequence: 5))
    }

    /// The MAC's exact form, worked out independently (Python's hmac over the documented
    /// canonical bytes): a chain written by any version of Haven must verify under every other.
    @Test func macsMatchTheDocumentedFormByteForByte() {
        let chain = AuditChain(key: Array(0..<32))
        let first = AuditEvent(
            sequence: 1, atMillis: 1_700_000_000_000, actor: "a", action: "concern.recorded", subjectType: "concern",
            subjectID: "x", reason: nil, previousMAC: AuditChain.genesisMAC, mac: "")
        #expect(chain.mac(for: first) == "5893b4f35ce4f00e7c708a9e0c2cd324c51e0841aff3a16339f7dcdf8a02f052")
        let second = AuditEvent(
            sequence: 2, atMillis: 1_700_000_000_001, actor: nil, action: "concern.read", subjectType: "concern",
            subjectID: "x", reason: "child_file", previousMAC: chain.mac(for: first), mac: "")
        #expect(chain.mac(for: second) == "a04bde6a6a6e2f60bded68e93f9542bfe4747592437b77131b0491fd76215b1c")
    }

    @Test func canonicalFormSeparatesFieldsUnambiguously() {
        let a = AuditEvent(
            sequence: 1, atMillis: 1, actor: "ab", action: "c", subjectType: nil, subjectID: nil, reason: nil,
            previousMAC: "", mac: "")
        let b = AuditEvent(
            sequence: 1, atMillis: 1, actor: "a", action: "bc", subjectType: nil, subjectID: nil, reason: nil,
            previousMAC: "", mac: "")
        #expect(AuditChain.canonical(a) != AuditChain.canonical(b))
    }
}
