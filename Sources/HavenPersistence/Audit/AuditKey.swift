import Foundation
import HavenDomain

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

    /// Writes a new key file exclusively. If another process made it first, that key is used.
    static func create(file: String, key: [UInt8]) throws -> [UInt8] {
        if try KeyFile.create(file, text: Hex.encode(key) + "\n") { return key }
        guard let made = try existing(hex: nil, file: file) else {
            throw AuditKeyError.cannotCreate(file, "it vanished as it was made")
        }
        return made
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
