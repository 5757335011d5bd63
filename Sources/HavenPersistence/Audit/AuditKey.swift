import Foundation
import HavenDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// R7.1: the audit chain's secret key, kept outside the database: from `HAVEN_AUDIT_KEY` (64+
/// hex characters) or a key file. The file is made once, for a chain with no events yet, and never
/// again: a lost key with events in the chain is a fault to be put right by restoring the key
/// from its backup, never silently replaced (a new key would re-seal a rewritten chain).
public enum AuditKey {
    /// The key if there is one: the variable, else the file; nil if neither exists.
    public static func existing(hex: String?, file: String) throws -> [UInt8]? {
        if let hex, !hex.isEmpty {
            guard let key = Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 else {
                throw AuditKeyError.invalid("HAVEN_AUDIT_KEY")
            }
            return key
        }
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let key = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32
        else {
            throw AuditKeyError.invalid(file)
        }
        return key
    }

    /// The key for this database: the existing one, or a new key file if (and only if) the chain
    /// has no events. `events` counts them, and is asked only when there is no key.
    public static func forChain(hex: String?, file: String, events: () async throws -> Int64, random: () -> [UInt8])
        async throws -> [UInt8]
    {
        if let key = try existing(hex: hex, file: file) { return key }
        let count = try await events()
        guard count == 0 else { throw AuditKeyError.missingWithEvents(file, count) }
        return try create(file: file, key: random())
    }

    /// Writes a new key file exclusively (it must not exist), owner-only, synced with its folder.
    /// If another process made it first, that key is used.
    static func create(file: String, key: [UInt8]) throws -> [UInt8] {
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST, let made = try existing(hex: nil, file: file) { return made }
        guard fd >= 0 else { throw AuditKeyError.cannotCreate(file, String(cString: strerror(errno))) }
        let text = Array((Hex.encode(key) + "\n").utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == text.count, synced else {
            unlink(file)
            throw AuditKeyError.cannotCreate(file, "the key could not be written and synced")
        }
        let folder = (file as NSString).deletingLastPathComponent
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
        return key
    }
}

public enum AuditKeyError: Error, CustomStringConvertible {
    case invalid(String)
    case missingWithEvents(String, Int64)
    case cannotCreate(String, String)

    public var description: String {
        switch self {
        case .invalid(let source):
            "the audit key in \(source) is not at least 64 hexadecimal characters"
        case .missingWithEvents(let file, let events):
            "the audit key file \(file) is missing but the audit chain already has \(events) events. Haven will not make a new key "
                + "for an existing chain: restore the key file from its backup, or set HAVEN_AUDIT_KEY"
        case .cannotCreate(let file, let reason):
            "could not create the audit key file \(file): \(reason)"
        }
    }
}
