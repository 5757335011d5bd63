import Foundation

/// A typed identifier, so that a concern's id can never be passed where a child's is expected.
/// Ids are made by the `IDs` port; the domain never calls `UUID()` itself.
public struct Identifier<Subject>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: UUID

    public init(_ rawValue: UUID) { self.rawValue = rawValue }

    public init?(string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
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
