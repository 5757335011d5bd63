/// A gettext PO file (the format translators' tools open): entries keyed by their context
/// (`msgctxt`, Haven's key by meaning), with the English text (`msgid`, `msgid_plural`), the
/// translation (`msgstr`, `msgstr[n]`) and the comments that explain them to a translator.
public struct PortableObject: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var english: String
        public var englishPlural: String?
        /// One string, or one per plural form; empty strings are not yet translated.
        public var translations: [String]
        public var comments: [String]
        /// Where the entry starts in the file, for error messages.
        public var line: Int
    }

    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let problem: String
        public var description: String { "line \(line): \(problem)" }
    }

    /// The header entry's fields (`Language`, `Plural-Forms`, …).
    public var header: [String: String]
    public var entries: [Entry]

    public init(parsing text: String) throws {
        var header: [String: String] = [:]
        var entries: [Entry] = []
        var current = Draft()
        var field: Field?
        func finish() throws {
            defer { current = Draft() }
            guard current.started else { return }
            guard let english = current.msgid else {
                throw Malformed(line: current.line, problem: "an entry without msgid")
            }
            if current.msgctxt == nil && english.isEmpty {
                for line in (current.msgstr[0] ?? "").split(separator: "\n") {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    header[String(line[..<colon]).trimmed] = String(line[line.index(after: colon)...]).trimmed
                }
                return
            }
            guard let key = current.msgctxt, !key.isEmpty else {
                throw Malformed(line: current.line, problem: "an entry without msgctxt (Haven's key)")
            }
            let count = (current.msgstr.keys.max() ?? 0) + 1
            let translations = (0..<count).map { current.msgstr[$0] ?? "" }
            entries.append(
                Entry(
                    key: key, english: english, englishPlural: current.msgidPlural, translations: translations,
                    comments: current.comments, line: current.line))
        }
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = raw.trimmed
            if line.isEmpty {
                try finish()
                field = nil
                continue
            }
            if line.hasPrefix("#") {
                if current.hasStrings {
                    try finish()
                    field = nil
                }
                current.begin(at: number)
                if line.hasPrefix("#.") { current.comments.append(String(line.dropFirst(2)).trimmed) }
                continue
            }
            if line.hasPrefix("\"") {
                guard let open = field else { throw Malformed(line: number, problem: "a string outside an entry") }
                current.append(try Self.unquote(line, at: number), to: open)
                continue
            }
            guard let space = line.firstIndex(of: " ") else {
                throw Malformed(line: number, problem: "expected a keyword and a quoted string")
            }
            let keyword = String(line[..<space])
            let value = try Self.unquote(String(line[line.index(after: space)...]).trimmed, at: number)
            let next: Field
            switch keyword {
            case "msgctxt": next = .context
            case "msgid": next = .id
            case "msgid_plural": next = .idPlural
            case "msgstr": next = .string(0)
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"),
                    let index = Int(keyword.dropFirst(7).dropLast()), (0..<10).contains(index)
                else { throw Malformed(line: number, problem: "unknown keyword \(keyword)") }
                next = .string(index)
            }
            if (next == .context && current.hasStrings) || (next == .id && current.msgid != nil) {
                try finish()
            }
            current.begin(at: number)
            current.set(value, for: next)
            field = next
        }
        try finish()
        self.header = header
        self.entries = entries
    }

    enum Field: Equatable {
        case context, id, idPlural
        case string(Int)
    }

    struct Draft {
        var started = false
        var line = 0
        var comments: [String] = []
        var msgctxt: String?
        var msgid: String?
        var msgidPlural: String?
        var msgstr: [Int: String] = [:]
        var hasStrings: Bool { msgctxt != nil || msgid != nil || !msgstr.isEmpty }

        mutating func begin(at line: Int) {
            if !started {
                started = true
                self.line = line
            }
        }

        mutating func set(_ value: String, for field: Field) {
            switch field {
            case .context: msgctxt = value
            case .id: msgid = value
            case .idPlural: msgidPlural = value
            case .string(let index): msgstr[index] = value
            }
        }

        mutating func append(_ value: String, to field: Field) {
            switch field {
            case .context: msgctxt = (msgctxt ?? "") + value
            case .id: msgid = (msgid ?? "") + value
            case .idPlural: msgidPlural = (msgidPlural ?? "") + value
            case .string(let index): msgstr[index] = (msgstr[index] ?? "") + value
            }
        }
    }

    static func unquote(_ text: String, at line: Int) throws -> String {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
            throw Malformed(line: line, problem: "expected a quoted string")
        }
        var result = ""
        var escaped = false
        for character in text.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(character)
                default: throw Malformed(line: line, problem: "unknown escape \\\(character)")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                throw Malformed(line: line, problem: "a quote inside a string must be written \\\"")
            } else {
                result.append(character)
            }
        }
        if escaped { throw Malformed(line: line, problem: "a string ends with a lone backslash") }
        return result
    }

    /// Text written as a PO string (quotes, backslashes, tabs and line breaks escaped).
    public static func quote(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}

extension StringProtocol {
    fileprivate var trimmed: String {
        String(
            drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed().drop(while: {
                $0 == " " || $0 == "\t" || $0 == "\r"
            }).reversed())
    }
}
