import Foundation
import HavenDomain
import Testing

@Suite("Hexadecimal text for digests")
struct HexTests {
    @Test(arguments: [
        ([UInt8](), ""),
        ([0x00], "00"),
        ([0x0f, 0xf0], "0ff0"),
        ([0xde, 0xad, 0xbe, 0xef, 0x01], "deadbeef01"),
    ])
    func bytesBecomeTwoLowerCaseDigitsEach(_ bytes: [UInt8], _ expected: String) {
        #expect(Hex.encode(bytes) == expected)
    }

    @Test func everyByteMatchesPrintfFormatting() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.encode(all) == all.map { String(format: "%02x", $0) }.joined())
    }
}
