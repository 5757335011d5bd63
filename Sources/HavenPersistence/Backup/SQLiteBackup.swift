import FluentKit
import Foundation
import HavenDomain
import SQLKit
import SQLiteNIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Issue 13.2: backing up a live SQLite database and restoring it. The snapshot is SQLite's own
/// `VACUUM INTO`, one read transaction, so it is consistent while Haven goes on writing (a file
/// copy is not). It is made owner-only beside the database (the same disk, the same readers),
/// sealed into the backup with the anchor's lines up to its head, and removed.
public enum SQLiteBackup {
    public static func backUp(
        _ database: any Database, location: DatabaseLocation, anchor: AuditAnchor, ring: DataKeyRing, auditKey: [UInt8],
        to file: String, now: Date, salt: [UInt8]
    ) async throws -> BackupManifest {
        guard case .sqlite(let path) = location else { throw BackupError.postgres }
        if FileManager.default.fileExists(atPath: file) { throw BackupError.exists(file) }
        LeftoverFiles.sweep(beside: path, marker: ".backup-", companions: ["-journal", ".anchor"])
        let snapshot = path + ".backup-\(UUID().uuidString.prefix(8))"
        let anchorCopy = snapshot + ".anchor"
        // Made empty, owner-only and locked first: VACUUM INTO writes into an empty file, keeping
        // its mode; the lock tells a later backup whether this one is still running.
        let lock = try LeftoverFiles.create(snapshot)
        defer {
            for leftover in [snapshot, snapshot + "-journal", anchorCopy] { unlink(leftover) }
            close(lock)
        }
        let fd = open(anchorCopy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw BackupError.cannotWrite(anchorCopy, String(cString: strerror(errno))) }
        close(fd)
        try await (database as! any SQLDatabase).raw("VACUUM INTO \(bind: snapshot)").run()
        let facts = try await SnapshotFacts.read(snapshot)
        // A database with nothing in it is not what anyone means to back up: a wrong or unset
        // HAVEN_DATABASE_URL, most likely.
        guard facts.events > 0 else { throw BackupError.nothingToBackUp(path) }
        try copyAnchor(anchor, upTo: facts.headSequence, to: anchorCopy)
        let database = try BackupFile.digest(of: snapshot)
        let anchorDigest = try BackupFile.digest(of: anchorCopy)
        let key = ring.current
        let manifest = BackupManifest(
            createdAt: now, keyID: key.id, salt: Hex.encode(salt),
            parts: [
                .init(name: BackupManifest.databasePart, bytes: database.bytes, sha256: database.sha256),
                .init(name: BackupManifest.anchorPart, bytes: anchorDigest.bytes, sha256: anchorDigest.sha256),
            ],
            auditHeadSequence: facts.headSequence, auditHeadMAC: facts.headMAC, auditEvents: facts.events,
            concerns: facts.concerns)
        try BackupFile.write(
            manifest, parts: [(.database, snapshot), (.anchor, anchorCopy)], to: file, dataKey: key, auditKey: auditKey)
        return manifest
    }

    /// Restores `file` into `location` and `anchor`, which must not hold anything yet (an empty
    /// database file, as Haven makes one on its first start, counts as nothing).
    public static func restore(
        _ file: String, into location: DatabaseLocation, anchor: AuditAnchor, ring: DataKeyRing, auditKey: [UInt8]
    ) throws -> BackupManifest {
        guard case .sqlite(let path) = location else { throw BackupError.postgres }
        for target in [path, anchor.path] {
            let folder = (target as NSString).deletingLastPathComponent
            var isFolder: ObjCBool = false
            if !folder.isEmpty
                && !(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
            {
                throw BackupError.noFolder(folder)
            }
        }
        var info = stat()
        let emptyDatabase = stat(path, &info) == 0 && info.st_size == 0
        let occupied = [path, path + "-wal", path + "-shm", anchor.path].filter {
            FileManager.default.fileExists(atPath: $0) && !($0 == path && emptyDatabase)
        }
        if !occupied.isEmpty { throw BackupError.notEmpty(occupied) }
        if emptyDatabase { unlink(path) }
        for target in [path, anchor.path] { LeftoverFiles.sweep(beside: target, marker: ".restoring-") }
        return try BackupFile.restore(
            file, ring: ring, auditKey: auditKey, to: [.database: path, .anchor: anchor.path])
    }

    /// Issue 13.2: takes a restore back out when what was restored did not verify (the wrong
    /// audit key, say), so that it can be tried again into the same place.
    public static func removeRestored(_ location: DatabaseLocation, anchor: AuditAnchor) {
        guard case .sqlite(let path) = location else { return }
        for file in [path, path + "-wal", path + "-shm", anchor.path] { unlink(file) }
    }

    /// The anchor's lines whose event is in the snapshot (later commits' lines are left out, or
    /// the restored chain would look cut short); a line that does not parse is kept as it is.
    static func copyAnchor(_ anchor: AuditAnchor, upTo head: Int64, to path: String) throws {
        let text = FileManager.default.contents(atPath: anchor.path) ?? Data()
        var kept = Data()
        for line in text.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast() {
            if let parsed = AuditAnchor.parse(line), parsed.sequence > head { continue }
            kept.append(contentsOf: line)
            kept.append(UInt8(ascii: "\n"))
        }
        guard let out = FileHandle(forWritingAtPath: path) else { throw BackupError.cannotWrite(path, "cannot open") }
        defer { try? out.close() }
        try out.write(contentsOf: kept)
        try out.synchronize()
    }
}

/// What a snapshot holds, read from it directly (not through Haven's pool).
struct SnapshotFacts {
    let headSequence: Int64
    let headMAC: String?
    let events: Int64
    let concerns: Int64

    static func read(_ path: String) async throws -> SnapshotFacts {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            let head = try await connection.query("SELECT sequence, mac FROM audit_head WHERE id = 1").first
            let events = try await connection.query("SELECT count(*) AS n FROM audit_events").first?.column("n")?
                .integer
            let concerns = try await connection.query("SELECT count(*) AS n FROM concerns").first?.column("n")?.integer
            try await connection.close()
            return SnapshotFacts(
                headSequence: Int64(head?.column("sequence")?.integer ?? 0), headMAC: head?.column("mac")?.string,
                events: Int64(events ?? 0), concerns: Int64(concerns ?? 0))
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
