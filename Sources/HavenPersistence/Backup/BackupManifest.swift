import Foundation

/// Issue 13.2: what a backup holds, readable without the key (no case content: counts, sizes,
/// hashes and the audit head) and protected by a MAC under it, so that nothing in it can be
/// changed unnoticed.
public struct BackupManifest: Codable, Equatable, Sendable {
    public struct Part: Codable, Equatable, Sendable {
        /// `database` (a consistent SQLite snapshot) or `audit-anchor` (its lines up to the
        /// snapshot's head).
        public let name: String
        public let bytes: Int64
        /// SHA-256 of the part as restored, in hexadecimal.
        public let sha256: String
    }

    public var format = 1
    public let createdAt: Date
    /// The data key the backup is sealed under (its id; the key itself is never in a backup).
    public let keyID: String
    /// Random, per backup: the keys sealing this backup are derived from the data key with it.
    public let salt: String
    public let parts: [Part]
    /// The audit chain's head in the snapshot, and how many events and concerns it holds.
    public let auditHeadSequence: Int64
    public let auditHeadMAC: String?
    public let auditEvents: Int64
    public let concerns: Int64

    public func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    public static let databasePart = "database"
    public static let anchorPart = "audit-anchor"
}
