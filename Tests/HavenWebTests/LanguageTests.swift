import Foundation
import HavenApp
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor

@testable import HavenDomain
@testable import HavenWeb

/// N6: a language is added as a folder of PO files beside the English, with no change to code:
/// a browser that prefers it gets the pages in it (words, dates, the page's `lang`), one that
/// does not gets English, and what is not yet translated stays English.
@Suite("Languages")
struct LanguageTests {
    static let welshHeader = """
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Language: cy\\n"
        "Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;\\n"

        """

    /// The shipped catalogue copied, with a few Welsh entries beside it (as a translator would add them).
    static func catalogueWithWelsh() throws -> (Catalogues, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haven-words-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Catalogues.directory, to: folder)
        let english = try Catalogues.bundled().english
        func entry(_ key: String, _ welsh: String) -> String {
            """
            msgctxt \(PortableObject.quote(key))
            msgid \(PortableObject.quote(english.messages[key]![0]))
            msgstr \(PortableObject.quote(welsh))


            """
        }
        let months = ["Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach", "Rhag"]
        let days = ["Sul", "Llun", "Maw", "Mer", "Iau", "Gwen", "Sad"]
        var dates = welshHeader
        for (index, month) in months.enumerated() { dates += entry("date.month.\(index + 1)", month) }
        for (index, day) in days.enumerated() { dates += entry("date.weekday.\(index + 1)", day) }
        let pages = welshHeader + entry("inbox.inbox", "Mewnflwch") + entry("base.sign-out", "Allgofnodi")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("cy/pages"), withIntermediateDirectories: true)
        try dates.write(to: folder.appendingPathComponent("cy/dates.po"), atomically: true, encoding: .utf8)
        try pages.write(to: folder.appendingPathComponent("cy/pages/inbox.po"), atomically: true, encoding: .utf8)
        return (try Catalogues.load(from: folder), folder)
    }

    @Test func aBrowserThatPrefersWelshGetsWelshWhereThereIsAndEnglishElsewhere() async throws {
        let (catalogues, folder) = try Self.catalogueWithWelsh()
        defer { try? FileManager.default.removeItem(at: folder) }
        let welsh = try #require(catalogues.catalogue(for: "cy"))
        try await TestHaven.with(.sqlite) { haven in
            haven.app.haven.catalogues = catalogues
            let recorded = try await haven.recordConcern(about: "Gwenllian Fixture")
            let session = try await haven.signIn("dsl")
            var headers = session.cookieHeaders
            headers.replaceOrAdd(name: .acceptLanguage, value: "cy-GB, cy;q=0.9, en;q=0.5")
            let inWelsh = try await haven.request(.GET, "/inbox", headers: headers)
            #expect(inWelsh.status == .ok)
            let page = inWelsh.body.string
            #expect(page.contains(#"<html lang="cy">"#))
            #expect(page.contains("<h1>Mewnflwch</h1>"))
            #expect(page.contains("Allgofnodi"))
            #expect(page.contains(welsh.moment(recorded.receipt.recordedAt, timeZone: haven.config.timeZone)))
            // Not yet translated: English, never blank or a key.
            #expect(page.contains("Reference"))
            #expect(!page.contains("⟦"))
            #expect(inWelsh.headers.first(name: .vary) == "Accept-Language")

            let inEnglish = try await haven.request(.GET, "/inbox", headers: session.cookieHeaders)
            #expect(inEnglish.body.string.contains(#"<html lang="en-GB">"#))
            #expect(inEnglish.body.string.contains("<h1>Inbox</h1>"))
            #expect(
                inEnglish.body.string.contains(
                    catalogues.english.moment(recorded.receipt.recordedAt, timeZone: haven.config.timeZone)))
        }
    }

    /// The organisation's language must be one Haven has words for; a malformed one is refused
    /// with the other settings' problems, and one with no catalogue stops Haven starting.
    @Test func theOrganisationsLanguageMustBeOneHavenHas() async throws {
        #expect(throws: ConfigurationError.self) {
            try HavenConfig.fromEnvironment(["HAVEN_LANGUAGE": "cy\r\nSet-Cookie: x", "HAVEN_PUBLIC_URL": "http://h"])
        }
        let english = try HavenConfig.fromEnvironment(["HAVEN_PUBLIC_URL": "http://h"])
        #expect(english.language == "en-GB")
        await #expect(throws: ConfigurationError.self) {
            try await TestHaven.with(.sqlite, configure: { $0.language = "fr" }) { _ in }
        }
    }
}
