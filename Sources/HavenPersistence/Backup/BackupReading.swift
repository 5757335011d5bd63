import Crypto
import Foundation
import HavenDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension BackupFile {
    /// The manifest, checked against its MAC under the key it names (found in `ring`).
    public static func manifest(of file: String, ring: DataKeyRing, auditKey: [UInt8]) throws -> BackupManifest {
        let input = try opened(file)
        defer { try? input.close() }
        return try readManifest(input, file: file, ring: ring, auditKey: auditKey).manifest
    }

    /// Opens `file`, checks everything in it, and writes each part to the path given for it: each
    /// is written under another name, checked against the manifest's size and hash, synced, then
    /// linked into place (never over an existing file). Nothing is left behind on failure.
    static func restore(_ file: String, ring: DataKeyRing, auditKey: [UInt8], to destinations: [PartCode: String])
        throws
        -> BackupManifest
    {
        let input = try opened(file)
        defer { try? input.close() }
        let (manifest, keys, manifestHash) = try readManifest(input, file: file, ring: ring, auditKey: auditKey)
        var written: [String] = []
        do {
            for code in [PartCode.database, .anchor] {
                guard let expected = manifest.part(code.name), let destination = destinations[code] else { continue }
                let temporary = destination + ".restoring-\(UUID().uuidString.prefix(8))"
                written.append(temporary)
                try restorePart(
                    code, expected: expected, from: input, keys: keys, manifestHash: manifestHash, to: temporary)
                guard link(temporary, destination) == 0 else {
                    throw errno == EEXIST
                        ? BackupError.notEmpty([destination])
                        : BackupError.cannotWrite(destination, String(cString: strerror(errno)))
                }
                unlink(temporary)
                written.removeLast()
                written.append(destination)
                KeyFile.syncFolder(of: destination)
            }
            guard try input.read(upToCount: 1)?.isEmpty ?? true else {
                throw BackupError.altered("there is more after its last part")
            }
        } catch {
            for path in written { unlink(path) }
            throw error
        }
        return manifest
    }

    private static func opened(_ file: String) throws -> FileHandle {
        guard let input = FileHandle(forReadingAtPath: file) else { throw BackupError.notABackup(file) }
        return input
    }

    private static func readManifest(_ input: FileHandle, file: String, ring: DataKeyRing, auditKey: [UInt8]) throws
        -> (
            manifest: BackupManifest, keys: Keys, manifestHash: [UInt8]
        )
    {
        guard try exactly(mark.count, from: input) == mark else { throw BackupError.notABackup(file) }
        let length = UInt32(bigEndianBytes: try exactly(4, from: input))
        guard length < 1 << 20 else { throw BackupError.notABackup(file) }
        let json = try exactly(Int(length), from: input)
        let mac = try exactly(32, from: input)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let manifest = try? decoder.decode(BackupManifest.self, from: Data(json)), manifest.format == 1,
            let salt = Hex.decode(manifest.salt)
        else { throw BackupError.notABackup(file) }
        guard let dataKey = ring.key(id: manifest.keyID) else { throw BackupError.unknownKey(manifest.keyID) }
        let keys = Keys(dataKey: dataKey, salt: salt, auditKey: auditKey)
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: mark + json, using: keys.manifest) else {
            throw BackupError.altered("its manifest does not match its MAC")
        }
        return (manifest, keys, Array(SHA256.hash(data: mark + json)))
    }

    private static func restorePart(
        _ code: PartCode, expected: BackupManifest.Part, from input: FileHandle, keys: Keys, manifestHash: [UInt8],
        to path: String
    ) throws {
        // Locked while it is written: a restore killed part-way leaves it for the next to remove.
        let out = FileHandle(fileDescriptor: try LeftoverFiles.create(path), closeOnDealloc: true)
        defer { try? out.close() }
        var hash = SHA256()
        var bytes: Int64 = 0
        var index: UInt32 = 0
        while true {
            let head = try exactly(10, from: input, cutShort: "the \(code.name) ends early")
            guard head[0] == code.rawValue, UInt32(bigEndianBytes: head[1..<5]) == index, head[5] <= 1 else {
                throw BackupError.altered("piece \(index) of the \(code.name) is missing or out of place")
            }
            let last = head[5] == 1
            let length = Int(UInt32(bigEndianBytes: head[6..<10]))
            guard length <= pieceSize + 28 else { throw BackupError.altered("a piece of the \(code.name) is too long") }
            let combined = try exactly(length, from: input, cutShort: "the \(code.name) ends early")
            let piece: Data
            do {
                piece = try AES.GCM.open(
                    try AES.GCM.SealedBox(combined: combined), using: keys.seal,
                    authenticating: associatedData(manifestHash: manifestHash, part: code, index: index, last: last))
            } catch {
                throw BackupError.altered("piece \(index) of the \(code.name) does not open")
            }
            hash.update(data: piece)
            bytes += Int64(piece.count)
            try out.write(contentsOf: piece)
            if last { break }
            index += 1
        }
        let digest = Hex.encode(hash.finalize())
        guard bytes == expected.bytes, digest == expected.sha256 else {
            throw BackupError.altered("the \(code.name) does not match its hash in the manifest")
        }
        try out.synchronize()
    }

    private static func exactly(_ count: Int, from input: FileHandle, cutShort: String = "it ends early") throws
        -> [UInt8]
    {
        var bytes: [UInt8] = []
        while bytes.count < count {
            guard let more = try input.read(upToCount: count - bytes.count), !more.isEmpty else {
                throw BackupError.cutShort(cutShort)
            }
            bytes += more
        }
        return bytes
    }
}
