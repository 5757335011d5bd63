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
    public func append(_ entry: AuditEntry, at moment: Date, after previous: (sequence: Int64, mac: String)?)
        -> AuditEvent
    {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousMAC = previous?.mac ?? Self.genesisMAC
        let millis = moment.millis
        let draft = AuditEvent(
            sequence: sequence, atMillis: millis, actor: entry.actor?.description, action: entry.action.rawValue,
            subjectType: entry.subjectType?.rawValue, subjectID: entry.subjectID, reason: entry.reason,
            previousMAC: previousMAC, mac: "")
        return AuditEvent(
            sequence: sequence, atMillis: millis, actor: draft.actor, action: draft.action,
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
        let fields: [String?] = [
            String(event.sequence), String(event.atMillis), event.actor, event.action,
            event.subjectType, event.subjectID, event.reason,
        ]
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
