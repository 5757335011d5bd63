import Crypto
import Foundation
import HavenDomain
import HavenFeatures

/// R1.6: seals kept forms with AES-GCM, bound to their author by associated data, under a key
/// derived (HKDF-SHA256, with a label of its own) from the audit key, which lives outside the
/// database. A copy of the database alone cannot open them.
struct KeptFormSealer: FormSealer {
    /// Immutable once made; swift-crypto does not mark it Sendable.
    nonisolated(unsafe) let key: SymmetricKey

    init(secret: [UInt8]) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Data("haven kept forms v1".utf8), outputByteCount: 32)
    }

    func seal(_ plaintext: [UInt8], for person: PersonID) throws -> [UInt8] {
        guard
            let combined = try AES.GCM.seal(plaintext, using: key, authenticating: Data(person.description.utf8))
                .combined
        else {
            throw CryptoKitError.incorrectParameterSize
        }
        return Array(combined)
    }

    func open(_ sealed: [UInt8], for person: PersonID) throws -> [UInt8] {
        Array(
            try AES.GCM.open(
                try AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(person.description.utf8)))
    }
}
