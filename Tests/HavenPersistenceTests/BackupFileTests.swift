import Foundation
import Testing

@testable import HavenPersistence

/// Issue 13.2: a backup file opens only whole and unaltered, under the key it names, and a
/// failed restore leaves nothing behind.
@Suite("13.2 backup file")
struct BackupFileTests {
    let folder: String
    let ring = DataKeyRing([Array(repeating: 0x6b, count: 32)])
    static let auditKey: [UInt8] = Array(repeating: 0x5a, count: 32)

    init() throws {
        folder =
            FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString.prefix(8))")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// A backup of a database part over three pieces (so pieces can be moved) and a small anchor.
    func made() throws -> (file: String, database: [UInt8], anchor: [UInt8]) {
        let database = (0..<(BackupFile.pieceSize * 2 + 1234)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let anchor = Array("1 \(String(repeating: "a", count: 64))\n".utf8)
        let databaseFile = folder + "/db"
        let anchorFile = folder + "/anchor"
        FileManager.default.createFile(atPath: databaseFile, contents: Data(database))
        FileManager.default.createFile(atPath: anchorFile, contents: Data(anchor))
        let d = try BackupFile.digest(of: databaseFile)
        let a = try BackupFile.digest(of: anchorFile)
        let manifest = BackupManifest(
            createdAt: Date(timeIntervalSince1970: 1_800_000_000), keyID: ring.current.id,
            salt: "00112233445566778899aabbccddeeff",
            parts: [
                .init(name: BackupManifest.databasePart, bytes: d.bytes, sha256: d.sha256),
                .init(name: BackupManifest.anchorPart, bytes: a.bytes, sha256: a.sha256),
            ], auditHeadSequence: 1, auditHeadMAC: nil, auditEvents: 1, concerns: 0)
        let file = folder + "/backup"
        try BackupFile.write(
            manifest, parts: [(.database, databaseFile), (.anchor, anchorFile)], to: file, dataKey: ring.current,
            auditKey: Self.auditKey)
        return (file, database, anchor)
    }

    func restore(_ file: String, ring: DataKeyRing? = nil, auditKey: [UInt8] = auditKey) throws -> BackupManifest {
        try BackupFile.restore(
            file, ring: ring ?? self.ring, auditKey: auditKey,
            to: [.database: folder + "/restored", .anchor: folder + "/restored-anchor"])
    }

    var leftovers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("restored") }
    }

    @Test func aBackupRestoresByteForByteAndOwnerOnly() throws {
        let (file, database, anchor) = try made()
        let manifest = try restore(file)
        #expect(manifest.parts.count == 2 && manifest.concerns == 0)
        #expect(FileManager.default.contents(atPath: folder + "/restored") == Data(database))
        #expect(FileManager.default.contents(atPath: folder + "/restored-anchor") == Data(anchor))
        for path in [file, folder + "/restored"] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
        }
        // The database's bytes are nowhere in the backup as they were.
        let sealed = try #require(FileManager.default.contents(atPath: file))
        #expect(sealed.range(of: Data(database.prefix(64))) == nil)
        // Never written over: a second backup to the same name, or a restore over the first.
        #expect(throws: BackupError.exists(file)) { _ = try self.made() }
        #expect(throws: BackupError.notEmpty([folder + "/restored"])) { _ = try restore(file) }
    }

    @Test func anAlteredOrCutShortBackupIsRefusedAndLeavesNothing() throws {
        let (file, _, _) = try made()
        let whole = try #require(FileManager.default.contents(atPath: file))
        let manifestLength = Int(UInt32(bigEndianBytes: whole[BackupFile.mark.count..<(BackupFile.mark.count + 4)]))
        let firstPiece = BackupFile.mark.count + 4 + manifestLength + 32
        let pieceLength = 10 + BackupFile.pieceSize + 28
        var cases: [(String, Data)] = []
        var flipped = whole
        flipped[firstPiece + 5000] ^= 1
        cases.append(("a byte of the database changed", flipped))
        var manifest = whole
        manifest[BackupFile.mark.count + 20] ^= 1
        cases.append(("a byte of the manifest changed", manifest))
        cases.append(("cut short", whole.prefix(whole.count - 100)))
        cases.append(("cut at a piece's end", whole.prefix(firstPiece + pieceLength)))
        cases.append(("a piece left out", whole.prefix(firstPiece) + whole.dropFirst(firstPiece + pieceLength)))
        let first = whole[firstPiece..<(firstPiece + pieceLength)]
        let second = whole[(firstPiece + pieceLength)..<(firstPiece + 2 * pieceLength)]
        cases.append(
            (
                "two pieces swapped",
                whole.prefix(firstPiece) + second + first + whole.dropFirst(firstPiece + 2 * pieceLength)
            ))
        cases.append(("something after the end", whole + Data([0])))
        for (what, bytes) in cases {
            FileManager.default.createFile(atPath: file, contents: bytes)
            #expect(throws: BackupError.self, "\(what)") { _ = try restore(file) }
            #expect(leftovers.isEmpty, "\(what) left \(leftovers)")
        }
    }

    @Test func anotherKeyDoesNotOpenIt() throws {
        let (file, _, _) = try made()
        let other = DataKeyRing([Array(repeating: 0x11, count: 32)])
        #expect(throws: BackupError.unknownKey(ring.current.id)) { _ = try restore(file, ring: other) }
        // A ring that lists the key under another's id would still fail the manifest's MAC: the
        // id is derived from the key, so it cannot be given another's.
        let both = DataKeyRing([Array(repeating: 0x11, count: 32), Array(repeating: 0x6b, count: 32)])
        #expect(try restore(file, ring: both).keyID == ring.current.id)
        #expect(throws: BackupError.notABackup(folder + "/db")) { _ = try restore(folder + "/db") }
        // The data key alone does not make (or open) a backup: the manifest's MAC needs the audit key too.
        #expect(throws: BackupError.altered("its manifest does not match its MAC")) {
            _ = try restore(file, auditKey: Array(repeating: 0x11, count: 32))
        }
    }

    /// A backup or restore killed part-way leaves files nobody holds a lock on: the next one
    /// beside them removes them, and leaves alone those of one still running.
    @Test func whatAKilledRunLeftIsRemovedByTheNext() throws {
        let base = folder + "/haven.sqlite"
        let killed = base + ".backup-DEADBEEF"
        FileManager.default.createFile(atPath: killed, contents: Data("SQLite format 3".utf8))
        FileManager.default.createFile(atPath: killed + ".anchor", contents: Data())
        let running = base + ".backup-CAFEF00D"
        let held = try LeftoverFiles.create(running)
        defer { close(held) }
        LeftoverFiles.sweep(beside: base, marker: ".backup-", companions: ["-journal", ".anchor"])
        #expect(!FileManager.default.fileExists(atPath: killed))
        #expect(!FileManager.default.fileExists(atPath: killed + ".anchor"))
        #expect(FileManager.default.fileExists(atPath: running))
    }
}
