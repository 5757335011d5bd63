import Crypto
import Foundation
import HavenDomain
import HavenFeatures

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// R7.8: the Ed25519 key that signs the daily audit checkpoint. Its private half lives in a file
/// outside the database and its backups (owner-only); its public half goes to the auditors, who
/// check checkpoints with their own copy.
struct CheckpointSigningKey: AuditCheckpointSigner {
    /// Immutable once made; swift-crypto does not mark it Sendable.
    nonisolated(unsafe) let key: Curve25519.Signing.PrivateKey

    static func load(file: String) throws -> CheckpointSigningKey {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
            let bytes = Hex.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        else { throw CheckpointKeyError.unreadable(file) }
        return CheckpointSigningKey(key: key)
    }

    /// Makes a new key file (it must not exist yet), owner-only and synced; returns the public key in hex.
    static func create(file: String) throws -> String {
        let key = Curve25519.Signing.PrivateKey()
        let fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CheckpointKeyError.cannotCreate(file, String(cString: strerror(errno))) }
        defer { close(fd) }
        let text = Array((Hex.encode(key.rawRepresentation) + "\n").utf8)
        guard text.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == text.count, fsync(fd) == 0 else {
            throw CheckpointKeyError.cannotCreate(file, String(cString: strerror(errno)))
        }
        return Hex.encode(key.publicKey.rawRepresentation)
    }

    var publicKeyHex: String { Hex.encode(key.publicKey.rawRepresentation) }

    func document(for checkpoint: AuditCheckpoint) throws -> String {
        try checkpoint.document(signedWith: key)
    }

    /// The auditors' public key, from hex.
    static func publicKey(hex: String) throws -> Curve25519.Signing.PublicKey {
        guard let bytes = Hex.decode(hex.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)
        else { throw CheckpointKeyError.badPublicKey }
        return key
    }
}

enum CheckpointKeyError: Error, CustomStringConvertible {
    case unreadable(String)
    case cannotCreate(String, String)
    case badPublicKey, noPublicKey, noSigningKey

    var description: String {
        switch self {
        case .unreadable(let file):
            "the checkpoint signing key in \(file) could not be read (64 hexadecimal characters, from `haven audit keygen`)"
        case .cannotCreate(let file, let reason): "could not create the signing key file \(file): \(reason)"
        case .badPublicKey: "the public key is not 64 hexadecimal characters of an Ed25519 key"
        case .noPublicKey: "give the auditors' copy of the public key: --public-key HEX, or HAVEN_AUDIT_PUBLIC_KEY"
        case .noSigningKey:
            "no checkpoint signing key: set HAVEN_AUDIT_SIGNING_KEY_FILE (make one with `haven audit keygen --out FILE`)"
        }
    }
}
