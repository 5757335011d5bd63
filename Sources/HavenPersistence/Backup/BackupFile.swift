import Crypto
import Foundation
import HavenDomain

/// Issue 13.2: the backup file. It begins with a fixed mark and the manifest (plain JSON, then
/// an HMAC of both under a key derived from the data key), then the parts in pieces of up to a
/// MiB, each sealed with AES-GCM under a second derived key. Each piece's associated data names
/// the manifest's hash, the part, the piece's number and whether it is the part's last, so a
/// piece cannot be moved, dropped, repeated or taken from another backup, and a file cut short
/// is known to be. Nothing is held in memory beyond one piece.
public enum BackupFile {
    static let mark = Array("HAVEN-BACKUP-1\n".utf8)
    static let pieceSize = 1 << 20

    enum PartCode: UInt8 {
        case database = 1
        case anchor = 2
        var name: String { self == .database ? BackupManifest.databasePart : BackupManifest.anchorPart }
    }

    struct Keys {
        let manifest: SymmetricKey
        let seal: SymmetricKey

        /// The manifest's MAC needs the audit key as well as the data key: whoever holds only a
        /// data key (an earlier one kept to open old backups, say) cannot make a backup that
        /// restores.
        init(dataKey: DataKey, salt: [UInt8], auditKey: [UInt8]) {
            let both = SymmetricKey(data: dataKey.key.withUnsafeBytes { Array($0) } + auditKey)
            manifest = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: both, salt: salt, info: Data("haven backup v1 manifest".utf8), outputByteCount: 32)
            seal = HKDF<SHA256>.deriveKey(
                inputKeyMaterial: dataKey.key, salt: salt, info: Data("haven backup v1 parts".utf8),
                outputByteCount: 32)
        }
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    static func associatedData(manifestHash: [UInt8], part: PartCode, index: UInt32, last: Bool) -> [UInt8] {
        mark + manifestHash + [part.rawValue] + index.bigEndianBytes + [last ? 1 : 0]
    }
}

public enum BackupError: Error, CustomStringConvertible, Equatable {
    case notABackup(String)
    case unknownKey(String)
    case altered(String)
    case cutShort(String)
    case exists(String)
    case notEmpty([String])
    case noFolder(String)
    case nothingToBackUp(String)
    case postgres
    case cannotWrite(String, String)

    public var description: String {
        switch self {
        case .notABackup(let file): "\(file) is not a Haven backup"
        case .unknownKey(let id):
            "the backup is sealed under data key \(id), which is not among the keys given (HAVEN_DATA_KEY or the key file): restore the key that was current when it was made"
        case .altered(let what):
            "the backup has been altered or damaged, or the audit key given is not the one it was made with: \(what)"
        case .cutShort(let what): "the backup is incomplete: \(what)"
        case .exists(let file): "\(file) already exists: a backup is never written over another file"
        case .notEmpty(let paths):
            "a backup is restored only into an empty place, and \(paths.joined(separator: ", ")) already "
                + (paths.count == 1 ? "exists" : "exist")
                + ". If Haven is serving from there, stop it first; then move the database, its -wal and -shm files and the audit anchor aside together"
        case .noFolder(let folder): "there is no folder \(folder) to restore into"
        case .nothingToBackUp(let path):
            "the database at \(path) has nothing in it: is HAVEN_DATABASE_URL the one Haven serves from?"
        case .postgres:
            "on PostgreSQL, back up with pg_dump and restore with pg_restore (docs/operations.md); `haven backup` is for SQLite"
        case .cannotWrite(let file, let reason): "could not write \(file): \(reason)"
        }
    }
}

extension UInt32 {
    var bigEndianBytes: [UInt8] { withUnsafeBytes(of: bigEndian) { Array($0) } }
    init(bigEndianBytes bytes: some Collection<UInt8>) {
        self = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
