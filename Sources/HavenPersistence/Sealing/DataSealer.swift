import Crypto
import Foundation

/// R7.4: where a sealed value belongs: its table, column and row. It is the associated data of
/// the seal, so a value copied into another row or field does not open there.
public struct SealedPlace: Sendable, Equatable {
    public let table: String
    public let column: String
    public let row: String
    /// The values of the columns the value is bound to besides its row (the concern it belongs
    /// to, who wrote it), in `SealedColumn.bound`'s order.
    public let bound: [String]

    public init(_ table: String, _ column: String, row: String, bound: [String] = []) {
        self.table = table
        self.column = column
        self.row = row
        self.bound = bound
    }

    var associatedData: Data {
        // Each part is length-prefixed, so no choice of values can make two places alike.
        Data(
            (["haven data v1", table, column, row] + bound).map { "\($0.utf8.count):\($0)" }.joined(separator: "/").utf8
        )
    }
}

/// R7.4: seals case content with AES-GCM under the ring's current key. A sealed value is
/// `hv1:` + the key's id + `:` + the sealed box (nonce, ciphertext, tag) in base64; a sealed
/// document is the same with the box's bytes as they are.
public struct DataSealer: Sendable {
    public let ring: DataKeyRing
    static let marker = "hv1:"

    public init(ring: DataKeyRing) { self.ring = ring }

    /// For migrations written before sealing, which use a store for columns that are never
    /// sealed: a key of its own, made afresh, opens nothing stored.
    static var unusable: DataSealer {
        var random = SystemRandomNumberGenerator()
        return DataSealer(ring: DataKeyRing([(0..<32).map { _ in UInt8.random(in: .min ... .max, using: &random) }]))
    }

    public func seal(_ text: String, in place: SealedPlace) throws -> String {
        let key = ring.current
        return Self.marker + key.id + ":" + (try box(Array(text.utf8), key, place)).base64EncodedString()
    }

    public func open(_ stored: String, in place: SealedPlace) throws -> String {
        guard let (id, body) = Self.parts(of: stored), let box = Data(base64Encoded: String(body)) else {
            throw SealingError.notSealed(place.table, place.column)
        }
        return String(decoding: try unbox(box, id: id, place), as: UTF8.self)
    }

    public func seal(bytes: [UInt8], in place: SealedPlace) throws -> [UInt8] {
        let key = ring.current
        return Array((Self.marker + key.id + ":").utf8) + Array(try box(bytes, key, place))
    }

    public func open(bytes stored: [UInt8], in place: SealedPlace) throws -> [UInt8] {
        let head = Self.marker.utf8.count + 17
        guard stored.count > head, let id = Self.keyID(ofBytes: stored) else {
            throw SealingError.notSealed(place.table, place.column)
        }
        return try unbox(Data(stored[head...]), id: id, place)
    }

    /// The id of the key a stored value was sealed under; nil if it is not a sealed value.
    static func keyID(of stored: String) -> String? { parts(of: stored)?.id }

    static func keyID(ofBytes stored: [UInt8]) -> String? {
        let head = Array(marker.utf8)
        guard stored.count > head.count + 17, Array(stored.prefix(head.count)) == head,
            stored[head.count + 16] == UInt8(ascii: ":")
        else { return nil }
        let id = String(decoding: stored[head.count..<head.count + 16], as: UTF8.self)
        return id.allSatisfy(\.isHexDigit) ? id : nil
    }

    private static func parts(of stored: String) -> (id: String, body: Substring)? {
        guard stored.hasPrefix(marker) else { return nil }
        let rest = stored.dropFirst(marker.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let id = String(rest[..<colon])
        guard id.count == 16, id.allSatisfy(\.isHexDigit) else { return nil }
        return (id, rest[rest.index(after: colon)...])
    }

    private func box(_ plaintext: [UInt8], _ key: DataKey, _ place: SealedPlace) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: key.key, authenticating: place.associatedData).combined
        else { throw SealingError.cannotSeal }
        return combined
    }

    private func unbox(_ box: Data, id: String, _ place: SealedPlace) throws -> [UInt8] {
        guard let key = ring.key(id: id) else { throw SealingError.unknownKey(id) }
        do {
            return Array(
                try AES.GCM.open(AES.GCM.SealedBox(combined: box), using: key.key, authenticating: place.associatedData)
            )
        } catch {
            throw SealingError.doesNotOpen(place.table, place.column, row: place.row)
        }
    }
}

public enum SealingError: Error, Equatable, CustomStringConvertible {
    case cannotSeal
    case notSealed(String, String)
    case unknownKey(String)
    case doesNotOpen(String, String, row: String)
    case plainAfterSealing(SealedPlace)
    case stateChanged

    public var description: String {
        switch self {
        case .cannotSeal: "a value could not be sealed"
        case .notSealed(let table, let column):
            "a value in \(table).\(column) is not sealed; run `haven migrate` to seal what was stored before"
        case .unknownKey(let id): "a value is sealed under data key \(id), which is not among the keys given"
        case .doesNotOpen(let table, let column, let row):
            "the sealed value in \(table).\(column) for \(row) does not open: it was changed, or moved from another row"
        case .plainAfterSealing(let place):
            "\(place.table).\(place.column) for \(place.row) holds a value in plain after everything was sealed: "
                + "it was written by someone without the data key, and Haven will not seal it as if it were genuine"
        case .stateChanged:
            "the record of which data key this database is sealed under (data_sealing) was changed by someone "
                + "without the key; restore it from a backup"
        }
    }
}
