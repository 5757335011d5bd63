import Foundation
import HavenDomain
import Testing

/// R3.1, R2.11: what Haven keeps as a copy of a referral form, and the name it keeps it under.
@Suite("R3.1 copies of referral forms")
struct ReferralCopyRulesTests {
    static let pdf = Array("%PDF-1.4\n%%EOF".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xDB, 0]

    static let files: [(bytes: [UInt8], declared: String?, type: DocumentType?)] = [
        (pdf, "application/pdf", .pdf), (pdf, nil, .pdf), (pdf, "application/octet-stream", .pdf),
        (pdf, "Application/PDF; charset=binary", .pdf), (png, "image/png", .png), (jpeg, "image/jpeg", .jpeg),
        // The bytes decide; a claim that disagrees is refused.
        (png, "application/pdf", nil), (jpeg, "image/png", nil), (pdf, "text/html", nil),
        (Array("GIF89a".utf8), "image/gif", nil), (Array("<svg xmlns=".utf8), "image/svg+xml", nil),
        (Array("%PD".utf8), "application/pdf", nil), ([], "application/pdf", nil),
    ]

    @Test(arguments: 0..<files.count)
    func theBytesSayWhatItIs(index: Int) {
        let (bytes, declared, type) = Self.files[index]
        let kept = try? ReferralCopy.validated(bytes: bytes, declaredType: declared, filename: "f", notAPicture: true)
        #expect(kept?.0 == type)
    }

    @Test func tooLargeOrNotSaidToBeADocumentIsRefused() {
        let big = Self.pdf + Array(repeating: 32, count: ReferralCopy.byteLimit)
        for (bytes, tick, fields) in [
            (big, true, ["file"]), (Self.pdf, false, ["notAPicture"]), ([], false, ["file", "notAPicture"]),
        ]
            as [([UInt8], Bool, [String])]
        {
            do {
                _ = try ReferralCopy.validated(bytes: bytes, declaredType: nil, filename: nil, notAPicture: tick)
                Issue.record("kept")
            } catch let invalid as InvalidInput {
                #expect(invalid.errors.map(\.field) == fields)
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    static let names: [(sent: String?, type: DocumentType, kept: String)] = [
        ("Referral form.pdf", .pdf, "Referral form.pdf"),
        ("C:\\Users\\dsl\\Desktop\\MASH referral.PDF", .pdf, "MASH referral.pdf"),
        ("../../etc/passwd", .pdf, "passwd.pdf"),
        ("scan.jpeg", .jpeg, "scan.jpg"),
        // The ending follows the bytes, not the name.
        ("scan.png", .jpeg, "scan.jpg"),
        ("invoice\u{202E}fdp.exe", .pdf, "invoicefdp.exe.pdf"),
        ("a\"b';c<d>.pdf", .pdf, "abcd.pdf"),
        ("line\r\nbreak.pdf", .pdf, "linebreak.pdf"),
        // Fillers that look blank.
        ("\u{3164}\u{115F}.pdf", .pdf, "referral-copy.pdf"),
        ("   ", .png, "referral-copy.png"),
        (nil, .pdf, "referral-copy.pdf"),
        ("...", .pdf, "referral-copy.pdf"),
        ("تحويل.pdf", .pdf, "تحويل.pdf"),
        (String(repeating: "x", count: 300) + ".pdf", .pdf, String(repeating: "x", count: 96) + ".pdf"),
    ]

    @Test(arguments: 0..<names.count)
    func aNameSafeToShowAndSend(index: Int) {
        let (sent, type, kept) = Self.names[index]
        let name = ReferralCopy.safeName(sent, type: type)
        #expect(name == kept)
        #expect(name.count <= ReferralCopy.filenameLimit)
    }
}
