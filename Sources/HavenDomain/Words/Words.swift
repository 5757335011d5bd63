import Foundation

/// N6: something Haven says, by meaning rather than in one language. The key names an entry of
/// the message catalogue ("concern.account.missing"); the arguments fill its placeholders
/// ("{count}"). Rules and use cases return words; a page, an email or the API turns them into
/// text in the reader's language.
public struct Words: Hashable, Sendable, Codable, CustomStringConvertible {
    public let key: String
    public let arguments: [String: Argument]

    public init(_ key: String, _ arguments: [String: Argument] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    /// What fills a placeholder. Dates are formatted, and words nested, in the reader's language.
    public enum Argument: Hashable, Sendable, Codable {
        /// Text from a person or a record (a name, a reference): shown as it is.
        case text(String)
        case number(Int)
        case words(Words)
        case day(Day)
        case moment(Date)

        enum CodingKeys: String, CodingKey { case text, number, words, day, moment }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try container.decodeIfPresent(String.self, forKey: .text) {
                self = .text(text)
            } else if let number = try container.decodeIfPresent(Int.self, forKey: .number) {
                self = .number(number)
            } else if let words = try container.decodeIfPresent(Words.self, forKey: .words) {
                self = .words(words)
            } else if let day = try container.decodeIfPresent(Day.self, forKey: .day) {
                self = .day(day)
            } else {
                self = .moment(Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .moment)))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text): try container.encode(text, forKey: .text)
            case .number(let number): try container.encode(number, forKey: .number)
            case .words(let words): try container.encode(words, forKey: .words)
            case .day(let day): try container.encode(day, forKey: .day)
            case .moment(let date): try container.encode(date.timeIntervalSince1970, forKey: .moment)
            }
        }
    }

    /// The key and arguments, for logs and test failures; never shown to a reader.
    public var description: String {
        arguments.isEmpty ? key : key + "(" + arguments.keys.sorted().joined(separator: ", ") + ")"
    }
}

extension Words {
    /// Text from a person or a record (a name, an account), shown as it is, where words belong.
    public static func verbatim(_ text: String) -> Words { Words("text.verbatim", ["text": .text(text)]) }

    /// A person's name in a sentence, set apart (Unicode first-strong isolate) so that a
    /// right-to-left name does not reorder the words around it, on a page or in an email.
    public static func isolated(_ name: String) -> Words { .verbatim("\u{2068}\(name)\u{2069}") }

    /// Items one after another as the language lists them ("a, b and c"): `separator` names the
    /// entry that joins an item to the rest ("list.comma" is "{first}, {rest}"), `last` the one
    /// that joins the last two ("list.and" is "{first} and {rest}").
    public static func list(_ items: [Words], separator: String = "list.comma", last: String? = "list.and") -> Words {
        guard let first = items.first else { return Words("list.empty") }
        guard items.count > 1 else { return first }
        let joining = items.count == 2 ? (last ?? separator) : separator
        return Words(
            joining,
            ["first": .words(first), "rest": .words(list(Array(items.dropFirst()), separator: separator, last: last))])
    }
}

extension Words.Argument: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .number(value) }
}
