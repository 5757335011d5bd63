import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

@testable import HavenWeb

/// R3.1 (issue 12.7): a referral made outside Haven can carry a copy of the form: a PDF, or a
/// scan or photo of it as a PNG or JPEG, told by its first bytes, at most 10 MB, with the person
/// adding it saying it is not a picture of a child (R2.11). Only those handling the concern add
/// and open copies, each audited; a copy is always downloaded, never shown in the page.
@Suite("Issue 12.7 a copy of a referral form made outside Haven")
struct ReferralCopyTests {
    static let pdf = Array("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 1, count: 64)

    func send(
        _ haven: TestHaven, _ concern: ConcernID, _ file: TestHaven.UploadedFile?, tick: Bool = true,
        as session: TestSession
    ) async throws -> TestingHTTPResponse {
        try await haven.postFile(
            "/concerns/\(concern)/referral-copies", [("_form", "copy")] + (tick ? [("notAPicture", "on")] : []),
            file: file, session: session)
    }

    func copies(_ haven: TestHaven, _ concern: ConcernID) async throws -> [ReferralCopy] {
        try await haven.env.unitOfWork.read { tx in try await tx.cases.referralCopies(concern) }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aCopyIsKeptAndDownloadedAsItWasSent(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "Referred Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let name = "..\\..\\etc/Referral for Ünïcode \u{202E}fdp.exe.PDF"
            let sent = try await send(
                haven, concern,
                .init(filename: name, contentType: "application/pdf", bytes: Self.pdf), as: dsl)
            #expect(sent.status == .seeOther)
            #expect(sent.headers.first(name: .location) == "/concerns/\(concern)#referral-copies")
            let kept = try #require(try await copies(haven, concern).first)
            #expect(kept.filename == "Referral for Ünïcode fdp.exe.pdf" && kept.type == .pdf)
            #expect(kept.byteCount == Self.pdf.count && kept.sha256 == ReferralCopy.digest(Self.pdf))

            let page = try await haven.request(.GET, "/concerns/\(concern)", headers: dsl.cookieHeaders).body.string
            let section = try #require(page.part("referral-copies").map(String.init))
            let link = "/concerns/\(concern)/referral-copies/\(kept.id)"
            #expect(section.contains(link) && section.contains("Referral for Ünïcode fdp.exe.pdf"))
            let download = try await haven.request(.GET, link, headers: dsl.cookieHeaders)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == Self.pdf)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            let disposition = try #require(download.headers.first(name: .contentDisposition))
            #expect(disposition.hasPrefix("attachment; filename=\"Referral for _n_code fdp.exe.pdf\""))
            #expect(disposition.contains("filename*=UTF-8''Referral%20for%20%C3%9Cn%C3%AFcode%20fdp.exe.pdf"))
            #expect(download.headers.first(name: "Content-Security-Policy") == "sandbox; default-src 'none'")
            #expect(download.headers.first(name: .cacheControl) == "no-store")

            let api = try await haven.api(.GET, "/api/v1/concerns/\(concern)", session: dsl).body.string
            #expect(api.contains(#""sha256":"\#(kept.sha256)""#) && api.contains(#""mediaType":"application/pdf""#))
            // A scan as a JPEG is kept too.
            let scan = try await send(
                haven, concern, .init(filename: "scan.jpeg", contentType: "image/jpeg", bytes: Self.jpeg), as: dsl)
            #expect(scan.status == .seeOther)
            #expect(
                try await copies(haven, concern).map(\.filename) == ["Referral for Ünïcode fdp.exe.pdf", "scan.jpg"])

            // Each adding and opening is in the child's access log.
            let child = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(concern) })
                .childID
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: dsl)
            let log = try await haven.request(.GET, "/children/\(child)/access-log", headers: dsl.cookieHeaders)
                .body.string
            #expect(log.components(separatedBy: "kept a copy of a referral form made outside Haven").count == 3)
            #expect(log.contains("opened a copy of a referral form"))
        }
    }

    /// Over the API the document is the body itself, its type in `Content-Type` and its name in
    /// `Content-Disposition`: the same checks, the same audit, the same download.
    @Test(arguments: TestDatabaseKind.available)
    func theAPIKeepsACopySentAsTheBody(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "API Referred Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let path = "/api/v1/concerns/\(concern)/referral-copies"
            func post(
                _ bytes: [UInt8], type: String, said: Bool = true, name: String = "referral.pdf",
                as session: TestSession?
            ) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = [
                    "Content-Type": type, "Content-Disposition": "attachment; filename=\"\(name)\"",
                ]
                if let session { headers.add(name: .authorization, value: "Bearer \(session.token)") }
                return try await haven.request(
                    .POST, path + (said ? "?notAPicture=true" : ""), headers: headers, bytes: bytes)
            }
            let unsaid = try await post(Self.pdf, type: "application/pdf", said: false, as: dsl)
            #expect(unsaid.status == .unprocessableEntity && unsaid.body.string.contains(#""field":"notAPicture""#))
            let disguised = try await post(Self.png, type: "application/pdf", as: dsl)
            #expect(disguised.status == .unprocessableEntity && disguised.body.string.contains(#""field":"file""#))
            #expect(
                try await post(Array("<svg/>".utf8), type: "image/svg+xml", as: dsl).status == .unsupportedMediaType)
            #expect(try await post(Self.pdf, type: "application/pdf", as: nil).status == .unauthorized)
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let recorder = try await post(Self.pdf, type: "application/pdf", as: reporter)
            #expect(recorder.status == .forbidden || recorder.status == .notFound, "\(recorder.status)")
            #expect(try await copies(haven, concern).isEmpty)
            // Another API route still takes no document.
            let elsewhere = try await haven.request(
                .POST, "/api/v1/concerns/\(concern)/addenda",
                headers: ["Content-Type": "application/pdf", "Authorization": "Bearer \(dsl.token)"], bytes: Self.pdf)
            #expect(elsewhere.status == .unsupportedMediaType)

            // The name as RFC 8187 sends it, percent-encoded, wins over the plain one.
            #expect(
                CasesAPI.filename(#"attachment; filename="a.pdf"; filename*=UTF-8''%C3%9Cn%C3%AFcode%20form.pdf"#)
                    == "Ünïcode form.pdf")
            #expect(CasesAPI.filename(#"attachment; filename="plain name.pdf""#) == "plain name.pdf")
            #expect(CasesAPI.filename(#"attachment; filename*=utf-8'en'Gwen%20form.pdf"#) == "Gwen form.pdf")
            let kept = try await post(
                Self.pdf, type: "application/pdf", name: "../Referral to the front door.pdf", as: dsl)
            #expect(kept.status == .created, "\(kept.body.string)")
            let copy = try #require(try await copies(haven, concern).first)
            #expect(copy.filename == "Referral to the front door.pdf" && copy.type == .pdf)
            #expect(kept.body.string.contains(#""sha256":"\#(ReferralCopy.digest(Self.pdf))""#))
            let download = try await haven.api(.GET, "\(path)/\(copy.id)", session: dsl)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == Self.pdf)
            #expect(download.headers.first(name: "Content-Security-Policy") == "sandbox; default-src 'none'")
            let audited = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(subjectType: .concern, subjectIDs: [concern.description], limit: 50)
            }.map(\.action)
            #expect(audited.contains(AuditAction.referralCopyAdded.rawValue))
            #expect(audited.contains(AuditAction.referralCopyRead.rawValue))
        }
    }

    /// What is not a document, is too large, or is not said to be no picture of a child is
    /// refused on the concern's page, naming the field, and nothing is kept.
    @Test(arguments: TestDatabaseKind.available)
    func whatIsNotACopyOfAFormIsRefused(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "Refused Copy Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let cases: [(TestHaven.UploadedFile?, Bool, [String])] = [
                (nil, true, ["copy-file"]),
                (
                    .init(filename: "notes.pdf", contentType: "application/pdf", bytes: Array("just words".utf8)), true,
                    ["copy-file"]
                ),
                // A picture said to be a PDF; a PNG said to be a JPEG.
                (.init(filename: "photo.pdf", contentType: "application/pdf", bytes: Self.png), true, ["copy-file"]),
                (.init(filename: "photo.jpg", contentType: "image/jpeg", bytes: Self.png), true, ["copy-file"]),
                (
                    .init(filename: "page.svg", contentType: "image/svg+xml", bytes: Array("<svg/>".utf8)), true,
                    ["copy-file"]
                ),
                (
                    .init(filename: "form.pdf", contentType: "application/pdf", bytes: Self.pdf), false,
                    ["copy-notAPicture"]
                ),
            ]
            for (file, tick, problems) in cases {
                let response = try await send(haven, concern, file, tick: tick, as: dsl)
                #expect(response.status == .unprocessableEntity, "\(file?.filename ?? "none")")
                #expect(response.body.string.problemLinks == problems, "\(file?.filename ?? "none")")
                #expect(response.body.string.contains(#"<details class="no-print" open><summary>Add a copy"#))
                #expect(response.body.string.utf8.count < 300_000)
            }
            // Larger than Haven keeps: refused (over a network, beyond what the route reads at all,
            // before it is read: 413).
            let huge = try await send(
                haven, concern,
                .init(
                    filename: "huge.pdf", contentType: "application/pdf",
                    bytes: Self.pdf + Array(repeating: 32, count: ReferralCopy.byteLimit)), as: dsl)
            #expect([.payloadTooLarge, .unprocessableEntity].contains(huge.status))
            #expect(huge.body.string.problemLinks == ["copy-file"] || huge.status == .payloadTooLarge)
            // The file as the body on its own, or to the API: not a form.
            let raw = try await haven.request(
                .POST, "/concerns/\(concern)/referral-copies",
                headers: [
                    "Content-Type": "application/pdf", "Cookie": "haven_session=\(dsl.token)",
                    "X-CSRF-Token": dsl.csrf,
                ], bytes: Self.pdf)
            #expect(raw.status == .unsupportedMediaType)
            // Nobody signed in: refused before the body is read (to sign in).
            let anonymous = try await haven.request(
                .POST, "/concerns/\(concern)/referral-copies",
                headers: ["Content-Type": "multipart/form-data; boundary=b"],
                bytes: TestHaven.multipart(
                    [("notAPicture", "on")],
                    file: .init(filename: "a.pdf", contentType: "application/pdf", bytes: Self.pdf),
                    boundary: "b"))
            #expect(
                anonymous.status == .seeOther && anonymous.headers.first(name: .location)?.hasPrefix("/sign-in") == true
            )
            // The token is looked for first in the body, where Haven's page puts it, and nowhere else.
            let late = try await haven.request(
                .POST, "/concerns/\(concern)/referral-copies",
                headers: ["Content-Type": "multipart/form-data; boundary=b", "Cookie": "haven_session=\(dsl.token)"],
                bytes: TestHaven.multipart(
                    [("notAPicture", "on"), ("_csrf", dsl.csrf)],
                    file: .init(filename: "a.pdf", contentType: "application/pdf", bytes: Self.pdf), boundary: "b"))
            #expect(late.status == .forbidden)
            // Any other form with a file is refused as before.
            let elsewhere = try await haven.postFile(
                "/concerns/\(concern)/addenda", [("reason", "other"), ("text", "x")],
                file: .init(filename: "a.pdf", contentType: "application/pdf", bytes: Self.pdf), session: dsl)
            #expect(elsewhere.status == .unsupportedMediaType)
            #expect(try await copies(haven, concern).isEmpty)
        }
    }

    /// Only those handling the concern: the recorder and anyone kept away are refused, a delegate
    /// handling it may.
    @Test func onlyThoseHandlingTheConcern() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let concern = try await haven.recordConcern(about: "Handled Copy Child").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let file = TestHaven.UploadedFile(filename: "f.pdf", contentType: "application/pdf", bytes: Self.pdf)
            #expect(try await send(haven, concern, file, as: dsl).status == .seeOther)
            let copy = try #require(try await copies(haven, concern).first)
            let link = "/concerns/\(concern)/referral-copies/\(copy.id)"
            let reporter = try await haven.signIn("reporter")
            let refused = try await send(haven, concern, file, as: reporter)
            // Refused as a record that is not theirs (not told apart from one that does not exist).
            #expect([.forbidden, .notFound].contains(refused.status), "\(refused.status)")
            let opened = try await haven.request(.GET, link, headers: reporter.cookieHeaders)
            #expect([.forbidden, .notFound].contains(opened.status) && !opened.body.string.contains("%PDF"))
            let manager = haven.people["line_manager"]!.id.description
            _ = try await haven.postForm("/concerns/\(concern)/delegate", [("delegate", manager)], session: dsl)
            let delegate = try await haven.signIn("line_manager")
            #expect(try await haven.request(.GET, link, headers: delegate.cookieHeaders).status == .ok)
            // A copy is opened only through its own concern.
            let other = try await haven.recordConcern(about: "Other Copy Child").receipt.concernID
            let wrong = "/concerns/\(other)/referral-copies/\(copy.id)"
            #expect(try await haven.request(.GET, wrong, headers: dsl.cookieHeaders).status == .notFound)
            #expect(try await copies(haven, concern).count == 1)
        }
    }
}
