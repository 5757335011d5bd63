import Crypto
import Foundation
import Testing

@testable import HavenDomain

/// Issue 10.3, R7.8: whoever holds the chain's key can re-seal a rewritten chain so that it
/// verifies on its own; a checkpoint signed earlier and kept by the auditors still catches it.
@Suite("R7.8 signed audit checkpoints")
struct AuditCheckpointTests {
    let key = AuditChain(key: Array(repeating: 3, count: 32))
    let signing = Curve25519.Signing.PrivateKey()

    func events(_ chain: AuditChain, _ entries: [AuditEntry]) -> [AuditEvent] {
        var result: [AuditEvent] = []
        for (index, entry) in entries.enumerated() {
            result.append(
                chain.append(
                    entry, at: Date(timeIntervalSince1970: 1_800_000_000 + Double(index)),
                    after: result.last.map { ($0.sequence, $0.mac) }))
        }
        return result
    }

    var entries: [AuditEntry] {
        (0..<10).map { index in
            index % 3 == 0
                ? AuditEntry(
                    actor: PersonID(UUID()), action: .concernRead, subjectType: .concern, subjectID: "c\(index)")
                : AuditEntry(actor: nil, action: .concernRecorded, subjectType: .concern, subjectID: "c\(index)")
        }
    }

    @Test func aSignedCheckpointRoundTripsAndCatchesAlteration() throws {
        let all = events(key, entries)
        let checkpoint = AuditCheckpoint(
            head: AuditHead(sequence: 10, mac: all[9].mac), events: 10, atMillis: 1_800_000_100_000)
        let document = try checkpoint.document(signedWith: signing)
        #expect(try AuditCheckpoint.verified(document, publicKey: signing.publicKey) == checkpoint)
        // Saved with the email around it, with CRLF line ends, it still reads.
        let email =
            "Keep this email.\r\n-----\r\n" + document.replacingOccurrences(of: "\n", with: "\r\n") + "-----\r\n"
        #expect(try AuditCheckpoint.verified(email, publicKey: signing.publicKey) == checkpoint)
        let altered = document.replacingOccurrences(of: "sequence: 10", with: "sequence: 9")
        #expect(throws: AuditCheckpointError.badSignature) {
            try AuditCheckpoint.verified(altered, publicKey: signing.publicKey)
        }
        let other = Curve25519.Signing.PrivateKey()
        #expect(throws: AuditCheckpointError.untrustedKey) {
            try AuditCheckpoint.verified(document, publicKey: other.publicKey)
        }
        #expect(throws: AuditCheckpointError.unreadable) {
            try AuditCheckpoint.verified("not a checkpoint", publicKey: signing.publicKey)
        }
    }

    /// The attack from the security review: with the key file beside the database, someone removes
    /// the reads they made and re-seals every event. Alone the chain verifies; against the
    /// auditors' checkpoint it does not.
    @Test func aResealedChainVerifiesAloneButNotAgainstTheCheckpoint() {
        let original = events(key, entries)
        let checkpoint = AuditCheckpoint(head: AuditHead(sequence: 10, mac: original[9].mac), events: 10, atMillis: 0)
        #expect(
            key.verify(original, anchor: [AuditHead(sequence: 10, mac: original[9].mac)], checkpoint: checkpoint).fault
                == nil)
        let withoutReads = events(key, entries.filter { $0.action != .concernRead })
        let resealedAnchor = [AuditHead(sequence: withoutReads.last!.sequence, mac: withoutReads.last!.mac)]
        #expect(key.verify(withoutReads, anchor: resealedAnchor).fault == nil)
        #expect(
            key.verify(withoutReads, anchor: resealedAnchor, checkpoint: checkpoint).fault
                == .checkpointBeyondChain(checkpointSequence: 10, lastSequence: Int64(withoutReads.count)))
        // Padded back to ten events, the event at the checkpoint's sequence is not the one signed.
        let padded = events(
            key,
            entries.filter { $0.action != .concernRead }
                + Array(repeating: AuditEntry(actor: nil, action: .signedIn), count: 4))
        #expect(
            key.verify(padded.prefix(10), anchor: [], checkpoint: checkpoint).fault == .checkpointMismatch(sequence: 10)
        )
    }
}
