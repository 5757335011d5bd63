import Crypto
import Foundation
import HavenDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension BackupFile {
    /// SHA-256 and size of a file, read a piece at a time.
    static func digest(of path: String) throws -> (bytes: Int64, sha256: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BackupError.cutShort("\(path) is missing") }
        defer { try? handle.close() }
        var hash = SHA256()
        var bytes: Int64 = 0
        while let piece = try handle.read(upToCount: pieceSize), !piece.isEmpty {
            hash.update(data: piece)
            bytes += Int64(piece.count)
        }
        return (bytes, Hex.encode(hash.finalize()))
    }

    /// Writes a backup of `parts` (read from the files named) to `file`, which must not exist.
    /// It is written beside `file` under another name, synced, then linked into place, so that
    /// `file` is either absent or whole.
    static func write(
        _ manifest: BackupManifest, parts: [(PartCode, String)], to file: String, dataKey: DataKey, auditKey: [UInt8]
    ) throws {
        if FileManager.default.fileExists(atPath: file) { throw BackupError.exists(file) }
        // The salt is the manifest's, so what is written is what a restore derives.
        let keys = Keys(dataKey: dataKey, salt: Hex.decode(manifest.salt) ?? [], auditKey: auditKey)
        let json = Array(try encoder().encode(manifest))
        let manifestHash = Array(SHA256.hash(data: mark + json))
        LeftoverFiles.sweep(beside: file, marker: ".partial-")
        let temporary = file + ".partial-\(UUID().uuidString.prefix(8))"
        let out = FileHandle(fileDescriptor: try LeftoverFiles.create(temporary), closeOnDealloc: true)
        do {
            let mac = HMAC<SHA256>.authenticationCode(for: mark + json, using: keys.manifest)
            try out.write(contentsOf: mark + UInt32(json.count).bigEndianBytes + json + Array(mac))
            for (code, path) in parts {
                guard let input = FileHandle(forReadingAtPath: path) else {
                    throw BackupError.cutShort("\(path) is missing")
                }
                defer { try? input.close() }
                var index: UInt32 = 0
                var piece = try input.read(upToCount: pieceSize) ?? Data()
                while true {
                    // Read one ahead, to know whether this piece is the last.
                    let next = piece.isEmpty ? Data() : (try input.read(upToCount: pieceSize) ?? Data())
                    let last = next.isEmpty
                    let sealed = try AES.GCM.seal(
                        piece, using: keys.seal,
                        authenticating: associatedData(manifestHash: manifestHash, part: code, index: index, last: last)
                    )
                    let combined = sealed.combined!
                    try out.write(
                        contentsOf: [code.rawValue] + index.bigEndianBytes + [last ? 1 : 0]
                            + UInt32(combined.count).bigEndianBytes)
                    try out.write(contentsOf: combined)
                    if last { break }
                    piece = next
                    index += 1
                }
            }
            try out.synchronize()
            try out.close()
            // link, not rename: it fails rather than replace a file made meanwhile.
            guard link(temporary, file) == 0 else {
                throw errno == EEXIST
                    ? BackupError.exists(file) : BackupError.cannotWrite(file, String(cString: strerror(errno)))
            }
            unlink(temporary)
            KeyFile.syncFolder(of: file)
        } catch {
            try? out.close()
            unlink(temporary)
            throw error
        }
    }
}
