import Foundation

/// R7.1: the audit chain's secret key, kept outside the database: from `HAVEN_AUDIT_KEY` (64 hex
/// characters) or a key file created on first use with owner-only permissions.
public enum AuditKey {
    public static func load(hex: String?, file: String, createIfMissing: Bool, random: () -> [UInt8]) throws -> [UInt8] {
        if let hex, !hex.isEmpty {
            guard let key = decodeHex(hex), key.count >= 32 else { throw AuditKeyError.invalid("HAVEN_AUDIT_KEY") }
            return key
        }
        if let text = try? String(contentsOfFile: file, encoding: .utf8) {
            guard let key = decodeHex(text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 else {
                throw AuditKeyError.invalid(file)
            }
            return key
        }
        guard createIfMissing else { throw AuditKeyError.missing(file) }
        let key = random()
        let hexKey = key.map { String(format: "%02x", $0) }.joined()
        guard FileManager.default.createFile(atPath: file, contents: Data((hexKey + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw AuditKeyError.cannotCreate(file)
        }
        return key
    }

    static func decodeHex(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: chars.count, by: 2) {
            guard let byte = UInt8(String(decoding: chars[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

public enum AuditKeyError: Error, CustomStringConvertible {
    case invalid(String), missing(String), cannotCreate(String)

    public var description: String {
        switch self {
        case .invalid(let source): "the audit key in \(source) is not at least 64 hexadecimal characters"
        case .missing(let file): "the audit key file \(file) does not exist: run `haven migrate` first, or set HAVEN_AUDIT_KEY"
        case .cannotCreate(let file): "could not create the audit key file \(file)"
        }
    }
}
