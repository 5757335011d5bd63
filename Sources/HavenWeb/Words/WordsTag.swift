import Foundation
import HavenDomain
import HavenFeatures
import LeafKit
import Vapor

/// N6: `#t("inbox.heading")` shows a catalogue entry in the reader's language;
/// `#t("inbox.waiting", "count", page.waiting)` fills its placeholders by name;
/// `#t(error.message)` shows words a use case returned. Values are escaped; the catalogue's own
/// text keeps only `<strong>` and `<em>` (`Catalogue.html`).
struct WordsTag: UnsafeUnescapedLeafTag {
    struct Misused: Error, CustomStringConvertible {
        let description: String
    }

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let request = ctx.request else { throw Misused(description: "#t needs the request") }
        guard let first = ctx.parameters.first else { throw Misused(description: "#t needs a key") }
        let words: Words
        if let key = first.string, first.celf == .string {
            let rest = Array(ctx.parameters.dropFirst())
            guard rest.count % 2 == 0 else { throw Misused(description: "#t(\(key)): give each value a name") }
            var arguments: [String: Words.Argument] = [:]
            for index in stride(from: 0, to: rest.count, by: 2) {
                guard let name = rest[index].string else {
                    throw Misused(description: "#t(\(key)): a placeholder name must be text")
                }
                arguments[name] = Self.argument(rest[index + 1])
            }
            words = Words(key, arguments)
        } else if let decoded = Self.words(first) {
            guard ctx.parameters.count == 1 else { throw Misused(description: "#t(words) takes nothing more") }
            words = decoded
        } else {
            // A missing optional: nothing to say.
            return .string("")
        }
        let reader = request.readerWords
        return .string(reader.catalogue.html(words, timeZone: reader.timeZone))
    }

    /// Words as a page's context encoded them (`{"key": …, "arguments": {…}}`).
    static func words(_ data: LeafData) -> Words? {
        guard let dictionary = data.dictionary, let key = dictionary["key"]?.string else { return nil }
        var arguments: [String: Words.Argument] = [:]
        for (name, value) in dictionary["arguments"]?.dictionary ?? [:] {
            guard let fields = value.dictionary else { continue }
            if let text = fields["text"]?.string {
                arguments[name] = .text(text)
            } else if let number = fields["number"]?.int {
                arguments[name] = .number(number)
            } else if let nested = fields["words"].flatMap(words) {
                arguments[name] = .words(nested)
            } else if let day = fields["day"]?.dictionary, let year = day["year"]?.int, let month = day["month"]?.int,
                let dayOfMonth = day["day"]?.int
            {
                arguments[name] = .day(Day(year, month, dayOfMonth))
            } else if let seconds = fields["moment"]?.double {
                arguments[name] = .moment(Date(timeIntervalSince1970: seconds))
            }
        }
        return Words(key, arguments)
    }

    static func argument(_ data: LeafData) -> Words.Argument {
        if let words = words(data) { return .words(words) }
        switch data.celf {
        case .int: return .number(data.int ?? 0)
        default: return .text(data.isNil ? "" : data.string ?? "")
        }
    }
}

/// The reader's catalogue and the organisation's time zone, worked out once per request: a page
/// shows hundreds of words, and each `#t` asked the application for both.
final class ReaderWords: Sendable {
    let catalogue: Catalogue
    let timeZone: TimeZone

    init(catalogue: Catalogue, timeZone: TimeZone) {
        self.catalogue = catalogue
        self.timeZone = timeZone
    }
}

struct ReaderWordsKey: StorageKey { typealias Value = ReaderWords }

extension Request {
    /// The catalogue in the language this reader's browser prefers, among those Haven has; the
    /// organisation's language otherwise.
    public var words: Catalogue { readerWords.catalogue }

    var readerWords: ReaderWords {
        if let known = storage[ReaderWordsKey.self] { return known }
        let haven = application.haven
        let chosen = haven.catalogues.negotiate(
            acceptLanguage: headers.first(name: .acceptLanguage), fallback: haven.words)
        let reader = ReaderWords(catalogue: chosen, timeZone: haven.calendar.timeZone)
        storage[ReaderWordsKey.self] = reader
        return reader
    }

    /// Words as this reader reads them, dates in the organisation's time zone.
    public func text(_ words: Words) -> String { self.words.text(words, timeZone: timeZone) }

    public func text(_ key: String, _ arguments: [String: Words.Argument] = [:]) -> String {
        text(Words(key, arguments))
    }
}
