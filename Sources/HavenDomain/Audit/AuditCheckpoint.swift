import Crypto
import Foundation

/// R7.8: a signed statement of where the audit chain stood at a moment: the newest event's
/// sequence and MAC, and how many events there were. Haven makes one each day with an Ed25519
/// key kept outside the database and sends it to the auditors, who keep it and its public key.
/// Whoever controls the server and the chain's key can re-seal a rewritten chain so that it
/// verifies on its own, but not so that it matches a checkpoint already in the auditors' hands.
public struct AuditCheckpoint: Equatable, Sendable {
    public let head: AuditHead
    public let events: Int64
    public let atMillis: Int64

    public static let title = "Haven audit checkpoint v1"  // words: not shown (the checkpoint format)

    public init(head: AuditHead, events: Int64, atMillis: Int64) {
        self.head = head
        self.events = events
        self.atMillis = atMillis
    }

    /// The exact bytes that are signed: fixed lines, in this order, each ending in a line feed.
    public var signedText: String {
        "\(Self.title)\nsequence: \(head.sequence)\nmac: \(head.mac)\nevents: \(events)\nat-millis: \(atMillis)\n"
    }

    /// The checkpoint as a text file: the signed lines, then the public key and the signature (hex).
    public func document(signedWith key: Curve25519.Signing.PrivateKey) throws -> String {
        let signature = try key.signature(for: Data(signedText.utf8))
        return signedText
            + "public-key: \(Hex.encode(key.publicKey.rawRepresentation))\nsignature: \(Hex.encode(signature))\n"
    }

    /// Reads a checkpoint file and checks its signature with the auditors' own copy of the public key.
    public static func verified(_ document: String, publicKey: Curve25519.Signing.PublicKey) throws -> AuditCheckpoint {
        // The checkpoint may be saved inside the email that carried it: it starts at its title line.
        let all = document.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        guard let first = all.firstIndex(of: title) else { throw AuditCheckpointError.unreadable }
        let lines = Array(all[first...])
        guard lines.count >= 7 else { throw AuditCheckpointError.unreadable }
        func value(_ index: Int, _ name: String) throws -> String {
            guard lines[index].hasPrefix(name + ": ") else { throw AuditCheckpointError.unreadable }
            return String(lines[index].dropFirst(name.count + 2))
        }
        guard let sequence = Int64(try value(1, "sequence")), sequence > 0, let events = Int64(try value(3, "events")),
            let atMillis = Int64(try value(4, "at-millis"))
        else { throw AuditCheckpointError.unreadable }
        let mac = try value(2, "mac")
        guard mac.utf8.count == 64, Hex.decode(mac) != nil else { throw AuditCheckpointError.unreadable }
        let checkpoint = AuditCheckpoint(
            head: AuditHead(sequence: sequence, mac: mac.lowercased()), events: events, atMillis: atMillis)
        guard Hex.decode(try value(5, "public-key")) == Array(publicKey.rawRepresentation) else {
            throw AuditCheckpointError.untrustedKey
        }
        guard let signature = Hex.decode(try value(6, "signature")),
            publicKey.isValidSignature(signature, for: Data(checkpoint.signedText.utf8))
        else { throw AuditCheckpointError.badSignature }
        return checkpoint
    }
}

public enum AuditCheckpointError: String, Error, Equatable, CustomStringConvertible {
    case unreadable, untrustedKey, badSignature

    /// What is wrong, from the catalogue (`audit.checkpointError.<case>`).
    public var words: Words { Words("audit.checkpointError." + rawValue) }

    /// In English, for the command line.
    public var description: String { Catalogue.shippedEnglish.text(words, timeZone: .gmt) }
}
