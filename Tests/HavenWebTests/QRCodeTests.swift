import Foundation
import Testing

@testable import HavenWeb

/// Issue 10.7: Haven's own QR encoder, checked by decoding what it draws with `zbarimg` (Debian's
/// zbar-tools), an independent reader, for links of every length an enrolment can produce.
@Suite("R1.6 the enrolment QR code decodes to the link it was made from")
struct QRCodeTests {
    static var zbarimg: String? {
        ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func decode(_ code: QRCode) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("haven-qr-\(UUID().uuidString).pbm")
        try code.pbm().write(to: file, atomically: true, encoding: .ascii)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.zbarimg!)
        process.arguments = ["--raw", "-q", "-Sbinary", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static let texts: [String] = [
        "a",
        "otpauth://totp/Haven:dsl%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Haven&digits=6&period=30",
        String(repeating: "x", count: 14), String(repeating: "y", count: 15), String(repeating: "z", count: 213),
        String(repeating: "w", count: 214),
        "otpauth://totp/Haven:" + String(repeating: "a", count: 64) + "%40" + String(repeating: "b", count: 180)
            + ".org?secret="
            + String(repeating: "A", count: 32) + "&issuer=Haven&digits=6&period=30",
        "Zoë · محمد · 你好 · 🙂", String(repeating: "0123456789", count: 60),
    ]

    @Test(arguments: 0..<texts.count)
    func zbarimgReadsBackWhatWasEncoded(_ index: Int) throws {
        guard Self.zbarimg != nil else {
            if ProcessInfo.processInfo.environment["HAVEN_REQUIRE_ALL"] == "true" {
                Issue.record("zbarimg is required under CI (zbar-tools)")
            }
            return
        }
        let text = Self.texts[index]
        let code = try QRCode(text)
        #expect(code.size == code.version * 4 + 17)
        #expect(try decode(code).trimmingCharacters(in: .newlines) == text, "version \(code.version)")
    }

    @Test func theSmallestVersionThatFitsIsChosen() throws {
        #expect(try QRCode(String(repeating: "a", count: 14)).version == 1)
        #expect(try QRCode(String(repeating: "a", count: 15)).version == 2)
        #expect(try QRCode(String(repeating: "a", count: 213)).version == 10)
        #expect(throws: QRCode.Failure.self) { try QRCode(String(repeating: "a", count: 3_000)) }
    }

    /// The widely published worked example, "HELLO WORLD" at version 1-M (alphanumeric mode): its
    /// sixteen data codewords and the ten error correction codewords they give.
    @Test func reedSolomonMatchesAKnownCodeword() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let ecc = QRBlocks.reedSolomonRemainder(data, QRBlocks.reedSolomonDivisor(10))
        #expect(ecc == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func theSVGCarriesNoScriptOrStyle() throws {
        let svg = try QRCode("otpauth://totp/x").svg(title: "QR code for your authenticator app")
        #expect(svg.hasPrefix("<svg") && !svg.contains("script") && !svg.contains("style"))
    }
}
