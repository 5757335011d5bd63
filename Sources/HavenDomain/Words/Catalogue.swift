import Foundation

/// N6: every word Haven shows, in one language. Built from the English catalogue (the PO files'
/// `msgid`s, complete) and, for another language, its translations (`msgstr`): an entry not yet
/// translated, or translated from English that has since changed, is shown in English.
public struct Catalogue: Sendable {
    /// The language as a page's `lang` attribute names it ("en-GB", "cy").
    public let language: String
    public let plural: PluralForms
    /// Each key's text, one per plural form for an entry that has them.
    let messages: [String: [String]]
    /// The same texts split once into words and placeholders, so that showing one is joining
    /// its parts (a page of the inbox shows a thousand).
    let forms: [String: [[Segment]]]

    /// A stretch of a message: its own words, or the place a value goes.
    enum Segment: Sendable, Equatable {
        case text(String)
        case value(String)
    }

    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let file: String
        public let problem: String
        public var description: String { "\(file): \(problem)" }

        public init(file: String, problem: String) {
            self.file = file
            self.problem = problem
        }
    }

    /// English from its PO files (`msgid` and `msgid_plural`; their `msgstr`s are left empty).
    public init(english files: [(name: String, object: PortableObject)]) throws {
        var messages: [String: [String]] = [:]
        for (name, object) in files {
            for entry in object.entries {
                guard messages[entry.key] == nil else {
                    throw Problem(file: name, problem: "line \(entry.line): the key \(entry.key) is used twice")
                }
                messages[entry.key] = [entry.english] + (entry.englishPlural.map { [$0] } ?? [])
            }
        }
        self.language = files.lazy.compactMap { $0.object.header["Language"] }.first.map(Self.tag) ?? "en-GB"
        self.plural = .english
        self.messages = messages
        self.forms = messages.mapValues { $0.map(Self.segments) }
    }

    /// A translation: each entry whose key and English still match the English catalogue's, and
    /// whose placeholders are the same, replaces the English; the rest stay English.
    public init(
        translating english: [(name: String, object: PortableObject)],
        with files: [(name: String, object: PortableObject)]
    ) throws {
        let source = try Catalogue(english: english)
        guard let header = files.lazy.compactMap({ $0.object.header["Plural-Forms"] }).first,
            let language = files.lazy.compactMap({ $0.object.header["Language"] }).first
        else {
            throw Problem(file: files.first?.name ?? "?", problem: "the header needs Language and Plural-Forms")
        }
        let plural: PluralForms
        do { plural = try PluralForms(header: header) } catch {
            throw Problem(file: files.first?.name ?? "?", problem: "\(error)")
        }
        var messages = source.messages
        for (name, object) in files {
            for entry in object.entries {
                guard let english = source.messages[entry.key], english[0] == entry.english,
                    english.count == 1 ? entry.englishPlural == nil : english[1] == entry.englishPlural
                else { continue }
                let forms = entry.translations
                guard forms.allSatisfy({ !$0.isEmpty }) else { continue }
                guard forms.count == (english.count == 1 ? 1 : plural.count) else {
                    throw Problem(
                        file: name, problem: "line \(entry.line): \(entry.key) needs \(plural.count) plural forms")
                }
                let wanted = Self.placeholders(in: english[0]).union(english.count > 1 ? ["count"] : [])
                for form in forms where !Self.placeholders(in: form).isSubset(of: wanted) {
                    throw Problem(
                        file: name,
                        problem: "line \(entry.line): \(entry.key) uses a placeholder the English does not have")
                }
                messages[entry.key] = forms
            }
        }
        self.language = Self.tag(language)
        self.plural = plural
        self.messages = messages
        self.forms = messages.mapValues { $0.map(Self.segments) }
    }

    static func tag(_ poLanguage: String) -> String { poLanguage.replacingOccurrences(of: "_", with: "-") }

    public var keys: Dictionary<String, [String]>.Keys { messages.keys }

    public func contains(_ key: String) -> Bool { messages[key] != nil }

    /// The names of the placeholders of an entry's (first) text.
    public func placeholders(of key: String) -> Set<String> {
        messages[key].map { Self.placeholders(in: $0[0]) } ?? []
    }

    /// Whether the entry has plural forms (chosen by its `count`).
    public func isPlural(_ key: String) -> Bool { (messages[key]?.count ?? 0) > 1 }

    /// The words in this language, as plain text (emails, the API). A key missing from the
    /// catalogue shows as ⟦key⟧, which the tests look for: it is never silently blank.
    public func text(_ words: Words, timeZone: TimeZone) -> String {
        render(words, timeZone: timeZone, literal: Self.withoutMarkup, value: { $0 })
    }

    /// The words as HTML: what a person or record supplied is escaped, and the catalogue's own
    /// text may hold only `<strong>`, `<em>`, `<bdi>` (around a name that may run right to
    /// left) and one `<a>`, whose address is the `href` argument the page gives (never the
    /// catalogue's, so a translation cannot send anyone elsewhere).
    public func html(_ words: Words, timeZone: TimeZone) -> String {
        var link = "<a>"
        if case .text(let href)? = words.arguments["href"] { link = "<a href=\"\(Self.escaped(href))\">" }
        return render(
            words, timeZone: timeZone, literal: { Self.escapedKeepingMarkup($0, link: link) }, value: Self.escaped)
    }

    /// The only markup a message may hold.
    public static let markup = ["<strong>", "</strong>", "<em>", "</em>", "<bdi>", "</bdi>", "<a>", "</a>"]

    static func withoutMarkup(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "<")) else { return text }
        return scan(text, tag: { _ in "" }, other: { String($0) })
    }

    /// One pass: the catalogue's own markup kept (the link with its address), everything else escaped.
    static func escapedKeepingMarkup(_ text: String, link: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        return scan(text, tag: { $0 == "<a>" ? link : $0 }, other: { escaped(String($0)) })
    }

    /// Walks `text`, handing each allowed tag to `tag` and each other character to `other`.
    static func scan(_ text: String, tag: (String) -> String, other: (Character) -> String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        var index = text.startIndex
        outer: while index < text.endIndex {
            if text[index] == "<" {
                for candidate in markup where text[index...].hasPrefix(candidate) {
                    result += tag(candidate)
                    index = text.index(index, offsetBy: candidate.count)
                    continue outer
                }
            }
            result += other(text[index])
            index = text.index(after: index)
        }
        return result
    }

    public static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    func render(
        _ words: Words, timeZone: TimeZone, literal: (String) -> String, value: (String) -> String
    ) -> String {
        guard let forms = forms[words.key] else { return value("⟦\(words.key)⟧") }
        var form = forms[0]
        if forms.count > 1 {
            let count: Int
            if case .number(let n)? = words.arguments["count"] { count = n } else { count = 0 }
            form = forms[max(0, min(plural.form(for: count), forms.count - 1))]
        }
        return Self.join(form, literal: literal) { name in
            switch words.arguments[name] {
            case nil: return nil
            case .words(let nested)?: return self.render(nested, timeZone: timeZone, literal: literal, value: value)
            case let argument?: return value(self.plain(argument, timeZone: timeZone))
            }
        }
    }

    func plain(_ argument: Words.Argument, timeZone: TimeZone) -> String {
        switch argument {
        case .text(let text): return text
        case .number(let number): return grouped(number)
        case .words(let words): return text(words, timeZone: timeZone)
        case .day(let day): return self.day(day)
        case .moment(let date): return moment(date, timeZone: timeZone)
        }
    }

    /// A calendar day in this language ("Tue 1 Dec 2026").
    public func day(_ day: Day) -> String {
        let weekday = day.weekday
        return text(
            Words(
                "date.day",
                [
                    "weekday": .words(Words("date.weekday.\(weekday)")), "day": .text(String(day.day)),
                    "month": .words(Words("date.month.\(day.month)")), "year": .text(String(day.year)),
                ]), timeZone: .gmt)
    }

    /// A moment in the organisation's time zone ("Tue 1 Dec 2026, 14:05").
    /// (Worked out from the zone's offset at that moment, without a Calendar: a page of the
    /// chronology shows a hundred of them.)
    public func moment(_ date: Date, timeZone: TimeZone) -> String {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + timeZone.secondsFromGMT(for: date)
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let seconds = local - days * 86_400
        let day = Day(daysSince1970: days)
        let time = Words(
            "date.time",
            ["hour": .text(Self.twoDigits(seconds / 3600)), "minute": .text(Self.twoDigits(seconds % 3600 / 60))])
        return text(
            Words("date.moment", ["date": .text(self.day(day)), "time": .words(time)]), timeZone: timeZone)
    }

    /// 12,345: digits in threes, with the catalogue's separator.
    func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        let separator = messages["number.groupSeparator"]?[0] ?? ","
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { result += separator }
            result.append(digit)
        }
        return (number < 0 ? "-" : "") + result
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// `{name}` placeholders; `{{` and `}}` are literal braces.
    static func placeholders(in text: String) -> Set<String> {
        Set(
            segments(text).compactMap { segment in
                if case .value(let name) = segment { name } else { nil }
            })
    }

    /// The message with each placeholder's value (a name without one stays `{name}`).
    static func join(_ segments: [Segment], literal: (String) -> String, _ value: (String) -> String?) -> String {
        var result = ""
        for segment in segments {
            switch segment {
            case .text(let text): result += literal(text)
            case .value(let name): result += value(name) ?? "{\(name)}"
            }
        }
        return result
    }

    /// `{name}` placeholders and the words between them; `{{` and `}}` are literal braces.
    static func segments(_ text: String) -> [Segment] {
        var result: [Segment] = []
        var plain = ""
        func flush() {
            if !plain.isEmpty { result.append(.text(plain)) }
            plain = ""
        }
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{", next < text.endIndex, text[next] == "{" {
                plain.append("{")
                index = text.index(after: next)
            } else if character == "}", next < text.endIndex, text[next] == "}" {
                plain.append("}")
                index = text.index(after: next)
            } else if character == "{", let close = text[next...].firstIndex(of: "}"),
                text[next..<close].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), next < close
            {
                flush()
                result.append(.value(String(text[next..<close])))
                index = text.index(after: close)
            } else {
                plain.append(character)
                index = next
            }
        }
        flush()
        return result
    }

}
