/// Lower-case hexadecimal text for digests and MACs (as `%02x` would give, without the cost of
/// formatting each byte through the C library).
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The character for a value from 0 to 15.
    static func digit(_ value: UInt8) -> UInt8 { digits[Int(value)] }

    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            utf8.append(digits[Int(byte >> 4)])
            utf8.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
