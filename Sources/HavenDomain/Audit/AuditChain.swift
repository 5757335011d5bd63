import Crypto
import Foundation

/// R7.1: the audit log as a hash chain. Each event carries HMAC-SHA256(key, previous MAC ‖
/// canonical event). The key lives outside the database, so whoever can write the database
/// still cannot forge a chain that verifies.
public struct AuditChain: Sendable {
    public static let genesisMAC = String(repeating: "0", count: 64)
    /// Immutable once made; swift-crypto does not mark it Sendable.
    nonisolated(unsafe) private let key: SymmetricKey

    public init(key: [UInt8]) { self.key = SymmetricKey(data: key) }

    /// The next event after `previous` (nil for the first event).
    public func append(_ entry: AuditEntry, at moment: Date, after previous: (sequence: Int64, mac: String)?) -> AuditEvent {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousMAC = previous?.mac ?? Self.genesisMAC
        let millis = Int64((moment.timeIntervalSince1970 * 1000).rounded(.down))
        let draft = AuditEvent(sequence: sequence, atMillis: millis, actor: entry.actor?.description, action: entry.action.rawValue,
                               subjectType: entry.subjectType, subjectID: entry.subjectID, reason: entry.reason,
                               previousMAC: previousMAC, mac: "")
        return AuditEvent(sequence: sequence, atMillis: millis, actor: draft.actor, action: draft.action,
                          subjectType: draft.subjectType, subjectID: draft.subjectID, reason: draft.reason,
                          previousMAC: previousMAC, mac: mac(for: draft))
    }

    /// The MAC an event should carry.
    public func mac(for event: AuditEvent) -> String {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array(event.previousMAC.utf8))
        hmac.update(data: Self.canonical(event))
        return Hex.encode(hmac.finalize())
    }

    /// Every field, length-prefixed, so that no two different events share a canonical form.
    static func canonical(_ event: AuditEvent) -> [UInt8] {
        let fields: [String?] = [String(event.sequence), String(event.atMillis), event.actor, event.action,
                                 event.subjectType, event.subjectID, event.reason]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        for field in fields {
            if let field {
                bytes.append(contentsOf: String(field.utf8.count).utf8)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: field.utf8)
            } else {
                bytes.append(contentsOf: "-;".utf8)
            }
        }
        return bytes
    }
}

/// R7.1: what is wrong with the first bad event, if anything.
public enum AuditChainFault: Equatable, Sendable, CustomStringConvertible {
    case missing(expectedSequence: Int64, found: Int64)
    case altered(sequence: Int64)
    case brokenLink(sequence: Int64)
    case truncated(anchorSequence: Int64, lastSequence: Int64)
    case anchorMismatch(sequence: Int64)

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
        }
    }
}

/// R7.1: the result of checking a whole chain.
public struct AuditVerification: Equatable, Sendable {
    public let eventsChecked: Int
    public let head: (sequence: Int64, mac: String)?
    public let fault: AuditChainFault?

    public static func == (a: AuditVerification, b: AuditVerification) -> Bool {
        a.eventsChecked == b.eventsChecked && a.fault == b.fault && a.head?.sequence == b.head?.sequence && a.head?.mac == b.head?.mac
    }
}

extension AuditChain {
    /// R7.1: checks events in sequence order from the first, and against the latest anchor
    /// written outside the database. Stops at, and names, the first bad event.
    public func verify(_ events: some Sequence<AuditEvent>, anchor: (sequence: Int64, mac: String)? = nil) -> AuditVerification {
        var previous: (sequence: Int64, mac: String)?
        var count = 0
        var anchorSeen = false
        for event in events {
            let expected = (previous?.sequence ?? 0) + 1
            if event.sequence != expected {
                return .init(eventsChecked: count, head: previous, fault: .missing(expectedSequence: expected, found: event.sequence))
            }
            if mac(for: event) != event.mac {
                return .init(eventsChecked: count, head: previous, fault: .altered(sequence: event.sequence))
            }
            if event.previousMAC != (previous?.mac ?? Self.genesisMAC) {
                return .init(eventsChecked: count, head: previous, fault: .brokenLink(sequence: event.sequence))
            }
            if let anchor, anchor.sequence == event.sequence {
                anchorSeen = true
                if anchor.mac != event.mac {
                    return .init(eventsChecked: count, head: previous, fault: .anchorMismatch(sequence: event.sequence))
                }
            }
            count += 1
            previous = (event.sequence, event.mac)
        }
        if let anchor, !anchorSeen, anchor.sequence > 0 {
            return .init(eventsChecked: count, head: previous,
                         fault: .truncated(anchorSequence: anchor.sequence, lastSequence: previous?.sequence ?? 0))
        }
        return .init(eventsChecked: count, head: previous, fault: nil)
    }
}
