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

    /// Ids read from text exactly as Foundation reads them: either case, and nothing else.
    @Test(arguments: [
        "00112233-4455-6677-8899-aabbccddeeff", "00112233-4455-6677-8899-AABBCCDDEEFF",
        "00112233-4455-6677-8899-AaBbCcDdEeFf", "00112233-4455-6677-8899-aabbccddeef",
        "00112233-4455-6677-8899-aabbccddeeff0",
        "0011223-34455-6677-8899-aabbccddeeff", "00112233_4455-6677-8899-aabbccddeeff",
        "00112233-4455-6677-8899-aabbccddeefg",
        "{00112233-4455-6677-8899-aabbccddeeff}", " 00112233-4455-6677-8899-aabbccddeeff",
        "001122334455667788 99aabbccddeeff",
        "00112233-4455-6677-8899-aabbccddeeｆｆ", "", "-", "00112233445566778899aabbccddeeff",
    ])
    func idsAreReadAsFoundationReadsThem(_ text: String) {
        #expect(ConcernID(string: text)?.rawValue == UUID(uuidString: text))
    }

    @Test func randomIdsReadBack() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(ConcernID(string: id.uuidString)?.rawValue == id)
            #expect(ConcernID(string: id.lowercasedString)?.rawValue == id)
        }
    }

    /// Ids as text: the same as Foundation's form lower-cased, for fixed and random ids.
    @Test func idsReadAsFoundationsTextLowerCased() {
        let fixed = UUID(uuidString: "00112233-4455-6677-8899-AABBCCDDEEFF")!
        #expect(fixed.lowercasedString == "00112233-4455-6677-8899-aabbccddeeff")
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
        #expect(ConcernID(fixed).description == "00112233-4455-6677-8899-aabbccddeeff")
    }
}
