import Foundation

/// A typed identifier, so that a concern's id can never be passed where a child's is expected.
/// Ids are made by the `IDs` port; the domain never calls `UUID()` itself.
public struct Identifier<Subject>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID

    public init(_ rawValue: UUID) { self.rawValue = rawValue }

    /// nil unless `string` is a UUID in its usual text form (8-4-4-4-12 hexadecimal digits, in
    /// either case), as `UUID(uuidString:)` reads it, but without the C library's scanner: a
    /// page turns hundreds of ids from rows back into values.
    public init?(string: String) {
        guard let uuid = UUID(hyphenated: string) else { return nil }
        self.rawValue = uuid
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UUID.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue.lowercasedString }
}

extension UUID {
    /// Reads the 36-character hyphenated form, hexadecimal digits in either case.
    init?(hyphenated text: String) {
        var text = text
        guard let uuid = text.withUTF8({ Self.read($0) }) else { return nil }
        self.init(uuid: uuid)
    }

    private static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard bytes.count == 36 else { return nil }
        var out = [UInt8](repeating: 0, count: 16)
        var index = 0
        for position in 0..<16 {
            if position == 4 || position == 6 || position == 8 || position == 10 {
                guard bytes[index] == UInt8(ascii: "-") else { return nil }
                index += 1
            }
            guard let high = Hex.value(bytes[index]), let low = Hex.value(bytes[index + 1]) else { return nil }
            out[position] = high << 4 | low
            index += 2
        }
        return (
            out[0], out[1], out[2], out[3], out[4], out[5], out[6], out[7], out[8], out[9], out[10], out[11], out[12],
            out[13], out[14], out[15]
        )
    }

    /// The canonical text form in lower case, as `uuidString.lowercased()` gives it, without
    /// formatting through the C library (ids are turned into text many times per request).
    public var lowercasedString: String {
        withUnsafeBytes(of: uuid) { bytes in
            var utf8: [UInt8] = []
            utf8.reserveCapacity(36)
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { utf8.append(UInt8(ascii: "-")) }
                utf8.append(Hex.digit(byte >> 4))
                utf8.append(Hex.digit(byte & 0x0F))
            }
            return String(decoding: utf8, as: UTF8.self)
        }
    }
}
