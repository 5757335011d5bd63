import Foundation
import Testing

@testable import HavenDomain

/// N6: the message catalogue: PO files as translators' tools write them, plural rules given by
/// each language's header, placeholders filled by name, and markup kept to what is safe.
@Suite("Message catalogue")
struct CatalogueTests {
    static let header = """
        msgid ""
        msgstr ""
        "Language: en_GB\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        """

    static func english(_ entries: String) throws -> [(name: String, object: PortableObject)] {
        [("en/test.po", try PortableObject(parsing: header + entries))]
    }

    static let sample = """
        #. A translator's note.
        msgctxt "inbox.waiting"
        msgid "{count} waiting"
        msgid_plural "{count} waiting, in all"
        msgstr[0] ""
        msgstr[1] ""

        msgctxt "greeting"
        msgid ""
        "Hello "
        "{name},\\n\\"welcome\\""
        msgstr ""

        msgctxt "call999"
        msgid "<strong>Call 999 now</strong> if {who} is hurt. <a>What to do</a>."
        msgstr ""

        msgctxt "braces"
        msgid "{{not a placeholder}} {value}"
        msgstr ""

        """

    @Test func aPOFileIsReadWithItsHeaderCommentsAndLongStrings() throws {
        let object = try PortableObject(parsing: Self.header + Self.sample)
        #expect(object.header["Language"] == "en_GB")
        #expect(object.entries.map(\.key) == ["inbox.waiting", "greeting", "call999", "braces"])
        #expect(object.entries[0].englishPlural == "{count} waiting, in all")
        #expect(object.entries[0].translations == ["", ""])
        #expect(object.entries[0].comments == ["A translator's note."])
        #expect(object.entries[1].english == "Hello {name},\n\"welcome\"")
    }

    @Test(arguments: [
        ("msgid \"x\"\nmsgstr \"\"\n", 1, "an entry without msgctxt (Haven's key)"),
        ("msgctxt \"k\"\nmsgid \"x\nmsgstr \"\"\n", 2, "expected a quoted string"),
        ("msgctxt \"k\"\nmsgid \"a \\q\"\nmsgstr \"\"\n", 2, "unknown escape \\q"),
        ("msgctxt \"k\"\nmsgid \"x\"\nmsgfoo \"\"\n", 3, "unknown keyword msgfoo"),
        ("\"stray\"\n", 1, "a string outside an entry"),
    ])
    func aMistakeInAPOFileNamesItsLine(_ text: String, _ line: Int, _ problem: String) {
        #expect(throws: PortableObject.Malformed(line: line, problem: problem)) { try PortableObject(parsing: text) }
    }

    @Test func quotingAndReadingBackAgree() throws {
        let text = "Tab\there, \"quotes\", a \\ and\nlines"
        let object = try PortableObject(parsing: "msgctxt \"k\"\nmsgid \(PortableObject.quote(text))\nmsgstr \"\"\n")
        #expect(object.entries.first?.english == text)
    }

    /// Each language's rule as its header gives it (the Welsh and Polish rules as gettext has them).
    @Test(arguments: [
        ("nplurals=2; plural=(n != 1);", [0: 1, 1: 0, 2: 1, 11: 1]),
        (
            "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;",
            [0: 0, 1: 1, 2: 2, 3: 3, 4: 5, 6: 4, 7: 5, 100: 5]
        ),
        (
            "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
            [1: 0, 2: 1, 4: 1, 5: 2, 12: 2, 22: 1, 25: 2, 104: 1]
        ),
        ("nplurals=1; plural=0;", [0: 0, 1: 0, 5: 0]),
    ])
    func pluralFormsFollowTheHeader(_ header: String, _ forms: [Int: Int]) throws {
        let rule = try PluralForms(header: header)
        for (n, form) in forms { #expect(rule.form(for: n) == form, "\(n)") }
    }

    @Test(arguments: ["nplurals=2; plural=(n != 1;", "nplurals=2; plural=n;", "nplurals=9; plural=0;", "plural=0;"])
    func aBrokenPluralRuleIsRefused(_ header: String) {
        #expect(throws: PluralForms.Malformed.self) { try PluralForms(header: header) }
    }

    @Test func wordsAreFilledByNameWithPluralsNumbersAndNestedWords() throws {
        let english = try Catalogue(english: try Self.english(Self.sample))
        #expect(english.text(Words("inbox.waiting", ["count": 1]), timeZone: .gmt) == "1 waiting")
        #expect(english.text(Words("inbox.waiting", ["count": 12345]), timeZone: .gmt) == "12,345 waiting, in all")
        #expect(english.text(Words("greeting", ["name": "Zoë"]), timeZone: .gmt) == "Hello Zoë,\n\"welcome\"")
        #expect(english.text(Words("braces", ["value": 3]), timeZone: .gmt) == "{not a placeholder} 3")
        #expect(
            english.text(Words("greeting", ["name": .words(Words("braces", ["value": 1]))]), timeZone: .gmt)
                == "Hello {not a placeholder} 1,\n\"welcome\"")
        // A placeholder left unfilled shows as it is; a key the catalogue lacks shows as ⟦key⟧.
        #expect(english.text(Words("greeting"), timeZone: .gmt).hasPrefix("Hello {name},"))
        #expect(english.text(Words("no.such.key"), timeZone: .gmt) == "⟦no.such.key⟧")
    }

    @Test func asHTMLValuesAreEscapedAndOnlyTheCataloguesOwnEmphasisAndLinkAreKept() throws {
        let english = try Catalogue(english: try Self.english(Self.sample))
        let html = english.html(
            Words("call999", ["who": "<script>alert(1)</script>", "href": "/guidance?a=1&b=\"2\""]), timeZone: .gmt)
        #expect(
            html
                == "<strong>Call 999 now</strong> if &lt;script&gt;alert(1)&lt;/script&gt; is hurt. "
                + "<a href=\"/guidance?a=1&amp;b=&quot;2&quot;\">What to do</a>.")
        // As plain text (an email, the API) the markup goes.
        #expect(
            english.text(Words("call999", ["who": "Sam"]), timeZone: .gmt) == "Call 999 now if Sam is hurt. What to do."
        )
        // A value that looks like markup stays text.
        #expect(english.html(Words("greeting", ["name": "<em>"]), timeZone: .gmt).contains("&lt;em&gt;"))
    }

    @Test func datesAndTimesAreWrittenAsTheCatalogueSays() throws {
        let english = try Catalogues.bundled().english
        #expect(english.day(Day(2026, 12, 1)) == "Tue 1 Dec 2026")
        let london = TimeZone(identifier: "Europe/London")!
        // 13:05 UTC on 1 July is 14:05 in London (summer time); on 1 December it is 13:05.
        let summer = Date(timeIntervalSince1970: 1_782_911_100)
        #expect(english.moment(summer, timeZone: london) == "Wed 1 Jul 2026, 14:05")
        let winter = Date(timeIntervalSince1970: 1_796_130_300)
        #expect(english.moment(winter, timeZone: london) == "Tue 1 Dec 2026, 13:05")
    }

    @Test func listsAndRecordedReasonsReadAsSentences() throws {
        let english = try Catalogues.bundled().english
        let roles: [Words] = [Role.dsl.title, Role.hr.title, Role.trustee.title]
        #expect(english.text(.list(Array(roles.prefix(1))), timeZone: .gmt) == "Designated Safeguarding Lead")
        #expect(english.text(.list(Array(roles.prefix(2))), timeZone: .gmt) == "Designated Safeguarding Lead and HR")
        #expect(
            english.text(.list(roles), timeZone: .gmt) == "Designated Safeguarding Lead, HR and Trustee / board member")
        #expect(
            english.text(RoutingLink.describe([.dsl, .deputy, .lineManager]), timeZone: .gmt)
                == "DSL → Deputy DSL → Reporter's line manager")
        // A refusal as the trail records it, and as it was recorded before the catalogue.
        #expect(
            english.text(AuditReason.words(recorded: "concern.read: not_found"), timeZone: .gmt)
                == "Refused: not found or not theirs to see")
        #expect(
            english.text(AuditReason.words(recorded: "concern.read: forbidden"), timeZone: .gmt)
                == "Refused: not theirs to see")
        #expect(
            english.text(AuditReason.words(recorded: "concern.read: not found or not theirs to see"), timeZone: .gmt)
                == "concern.read: not found or not theirs to see")
    }

    static let welsh = """
        msgid ""
        msgstr ""
        "Language: cy\\n"
        "Plural-Forms: nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;\\n"

        msgctxt "inbox.waiting"
        msgid "{count} waiting"
        msgid_plural "{count} waiting, in all"
        msgstr[0] "dim yn aros"
        msgstr[1] "{count} yn aros"
        msgstr[2] "{count} yn aros (dau)"
        msgstr[3] "{count} yn aros (tri)"
        msgstr[4] "{count} yn aros (chwech)"
        msgstr[5] "{count} yn aros (llawer)"

        msgctxt "greeting"
        msgid "Hello {name},\\n\\"welcome\\""
        msgstr "Helo {name}"

        msgctxt "braces"
        msgid "An older English text {value}"
        msgstr "Hen gyfieithiad {value}"

        msgctxt "call999"
        msgid "<strong>Call 999 now</strong> if {who} is hurt. <a>What to do</a>."
        msgstr ""

        """

    /// A translation replaces the English entry by entry; one not yet translated, or translated
    /// from English that has since changed, stays English.
    @Test func aTranslationReplacesOnlyWhatStillMatchesTheEnglish() throws {
        let welsh = try Catalogue(
            translating: try Self.english(Self.sample), with: [("cy/test.po", try PortableObject(parsing: Self.welsh))])
        #expect(welsh.language == "cy")
        #expect(welsh.text(Words("inbox.waiting", ["count": 0]), timeZone: .gmt) == "dim yn aros")
        #expect(welsh.text(Words("inbox.waiting", ["count": 6]), timeZone: .gmt) == "6 yn aros (chwech)")
        #expect(welsh.text(Words("inbox.waiting", ["count": 7]), timeZone: .gmt) == "7 yn aros (llawer)")
        #expect(welsh.text(Words("greeting", ["name": "Siân"]), timeZone: .gmt) == "Helo Siân")
        #expect(welsh.text(Words("braces", ["value": 1]), timeZone: .gmt) == "{not a placeholder} 1")
        #expect(welsh.text(Words("call999", ["who": "Sam"]), timeZone: .gmt).hasPrefix("Call 999 now"))
    }

    @Test func aTranslationThatInventsAPlaceholderOrMissesPluralFormsIsRefused() throws {
        let invented = Self.welsh.replacingOccurrences(of: "Helo {name}", with: "Helo {enw}")
        #expect(throws: Catalogue.Problem.self) {
            try Catalogue(
                translating: try Self.english(Self.sample),
                with: [("cy/test.po", try PortableObject(parsing: invented))])
        }
        let short = Self.welsh.replacingOccurrences(of: "msgstr[5] \"{count} yn aros (llawer)\"\n", with: "")
        #expect(throws: Catalogue.Problem.self) {
            try Catalogue(
                translating: try Self.english(Self.sample), with: [("cy/test.po", try PortableObject(parsing: short))])
        }
        let headless = Self.welsh.replacingOccurrences(of: "\"Language: cy\\n\"\n", with: "")
        #expect(throws: Catalogue.Problem.self) {
            try Catalogue(
                translating: try Self.english(Self.sample),
                with: [("cy/test.po", try PortableObject(parsing: headless))])
        }
    }

    @Test(arguments: [
        ("cy-GB,cy;q=0.9,en;q=0.8", "cy"), ("fr, cy;q=0.5", "cy"), ("de", "en-GB"), ("cy;q=0, en", "en-GB"),
        ("en-US", "en-GB"), ("*", "en-GB"), ("\u{0}garbage;;;q=x", "en-GB"), ("", "en-GB"),
    ])
    func theBrowsersPreferredLanguageIsChosenAmongThoseHavenHas(_ header: String, _ chosen: String) throws {
        let english = try Catalogue(english: try Self.english(Self.sample))
        let welsh = try Catalogue(
            translating: try Self.english(Self.sample), with: [("cy/test.po", try PortableObject(parsing: Self.welsh))])
        let catalogues = Catalogues(english: english, translations: [welsh])
        #expect(catalogues.negotiate(acceptLanguage: header, fallback: english).language == chosen)
    }

    /// The shipped English: complete, every entry's markup balanced and of the allowed kind,
    /// every placeholder a plain name.
    @Test func theShippedCatalogueIsWellFormed() throws {
        let english = try Catalogues.bundled().english
        #expect(english.keys.count > 500)
        var problems: [String] = []
        for key in english.keys.sorted() {
            for form in english.messages[key] ?? [] {
                let tags = form.matches(of: /<[^>]*>/).map { String($0.output) }
                for tag in tags where !Catalogue.markup.contains(tag) { problems.append("\(key): \(tag)") }
                for (open, close) in [
                    ("<strong>", "</strong>"), ("<em>", "</em>"), ("<bdi>", "</bdi>"), ("<a>", "</a>"),
                ]
                where tags.filter({ $0 == open }).count != tags.filter({ $0 == close }).count {
                    problems.append("\(key): \(open) not closed")
                }
                if tags.filter({ $0 == "<a>" }).count > 1 { problems.append("\(key): more than one link") }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
    }
}

/// Days and moments worked out by arithmetic agree with Foundation's calendar.
@Suite("Days by arithmetic")
struct DayArithmeticTests {
    @Test func everyDayFrom1900To2200AgreesWithTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        for days in stride(from: -25_567, through: 84_000, by: 5) {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let day = Day(daysSince1970: days)
            guard day == Day(parts.year!, parts.month!, parts.day!), day.daysSince1970 == days,
                day.weekday == parts.weekday
            else {
                Issue.record("\(days): \(day) against \(parts)")
                return
            }
        }
    }

    /// The local day of a moment, and a day's midnight UTC, by arithmetic: the same as the
    /// calendar gives, through 2026 in zones with an hour's, half an hour's and no summer time,
    /// either side of London's clock changes, and before 1970.
    @Test(arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func aMomentsLocalDayAgreesWithTheCalendar(_ zone: String) {
        let timeZone = TimeZone(identifier: zone)!
        let working = WorkingDayCalendar(timeZone: timeZone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let changes = [1_774_745_999, 1_774_746_000, 1_792_889_999, 1_792_890_000]
        for seconds in stride(from: 1_767_225_600, to: 1_798_761_600, by: 1_201) + changes + [
            -86_401, -1, 0, 59, 86_399,
        ] {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            guard working.day(of: date) == Day(parts.year!, parts.month!, parts.day!) else {
                Issue.record("\(zone) \(seconds): \(working.day(of: date)) against \(parts)")
                return
            }
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        for days in stride(from: -25_567, through: 84_000, by: 7) {
            let day = Day(daysSince1970: days)
            let midnight = utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
            guard day.midnightUTC == midnight, Day(utc: midnight) == day,
                Day(utc: midnight.addingTimeInterval(86_399.9)) == day,
                Day(utc: midnight.addingTimeInterval(-0.001)) != day
            else {
                Issue.record("\(day): \(day.midnightUTC) against \(midnight)")
                return
            }
        }
    }

    @Test func momentsAreLocalEitherSideOfTheClockChanges() throws {
        let english = try Catalogues.bundled().english
        let london = TimeZone(identifier: "Europe/London")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        // About every 50 minutes through 2026, each side of both clock changes (01:00 UTC on
        // 29 March and 25 October), and some moments before 1970.
        let changes = [1_774_745_999, 1_774_746_000, 1_792_889_999, 1_792_890_000]
        for seconds in stride(from: 1_767_225_600, to: 1_798_761_600, by: 3_001) + changes + [
            -86_401, -1, 0, 59, 3_599,
        ] {
            let date = Date(timeIntervalSince1970: Double(seconds))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected =
                english.day(Day(parts.year!, parts.month!, parts.day!)) + ", "
                + String(format: "%02d:%02d", parts.hour!, parts.minute!)
            guard english.moment(date, timeZone: london) == expected else {
                Issue.record("\(seconds): \(english.moment(date, timeZone: london)) against \(expected)")
                return
            }
        }
    }
}
