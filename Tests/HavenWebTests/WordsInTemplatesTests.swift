import Foundation
import HavenDomain
import HavenFeatures
import Testing

@testable import HavenWeb

/// N6: a page template holds markup and Leaf, never words: every word comes from the catalogue
/// through `#t`, with the key it names present in English and the placeholders it fills the ones
/// the English has. (Text inside `<code>` is a command, not words.)
@Suite("Words in templates")
struct WordsInTemplatesTests {
    static let textAttributes: Set<String> = ["title", "alt", "placeholder", "aria-label", "label"]

    static func templates() throws -> [(name: String, text: String)] {
        let folder = HavenWeb.viewsDirectory
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".leaf") }
            .sorted()
            .map { ($0, try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test func noTemplateHoldsWordsOfItsOwn() throws {
        var found: [String] = []
        for (name, text) in try Self.templates() {
            for piece in LeafText.words(in: text) { found.append("\(name): \(piece)") }
        }
        #expect(
            found.isEmpty,
            "words written into templates, not taken from the catalogue:\n\(found.joined(separator: "\n"))")
    }

    @Test func everyKeyATemplateUsesIsInTheCatalogueWithThePlaceholdersItFills() throws {
        let english = try Catalogues.bundled().english
        var problems: [String] = []
        var calls = 0
        for (name, text) in try Self.templates() {
            for call in LeafText.wordsCalls(in: text) {
                calls += 1
                guard let key = call.key else { continue }
                guard english.contains(key) else {
                    problems.append("\(name): \(key) is not in the catalogue")
                    continue
                }
                var wanted = english.placeholders(of: key)
                if english.isPlural(key) { wanted.insert("count") }
                let given = Set(call.names).subtracting(["href"])
                if given != wanted {
                    problems.append("\(name): \(key) fills \(given.sorted()) but the English has \(wanted.sorted())")
                }
                for (argument, literal) in call.literalValues where argument != "href" || !literal.hasPrefix("/") {
                    problems.append("\(name): \(key) is given the words \"\(literal)\" for \(argument) in the template")
                }
            }
        }
        #expect(calls > 300)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The controllers' tables of keys (messages after a change, the kept-forms labels) are in the catalogue.
    @Test func everyKeyInTheControllersTablesIsInTheCatalogue() throws {
        let english = try Catalogues.bundled().english
        let keys =
            Array(AdminPeopleController.messages.values) + Array(AccountController.done.values)
            + Array(KeptFormsController.labels.values)
        #expect(keys.count > 40)
        #expect(keys.filter { !english.contains($0) } == [])
    }

    /// The test itself finds what it should: words, a text attribute, and a `#t` with a wrong
    /// placeholder are all caught in a made-up template.
    @Test func theCheckFindsWordsWrittenIntoATemplate() {
        let template = """
            #extend("base"):<h1>#t("inbox.inbox")</h1><p title="Hover text">#(page.count) waiting</p>
            <button>#t("common.save")</button><code>haven demo</code>#if(page.x):&amp; Stop#endif
            """
        #expect(LeafText.words(in: template) == ["title=\"Hover text\"", "waiting", "& Stop"])
        let calls = LeafText.wordsCalls(in: #"#t("inbox.waiting", "count", page.waiting, "who", "Sam")"#)
        #expect(calls.count == 1)
        #expect(calls.first?.key == "inbox.waiting")
        #expect(calls.first?.names == ["count", "who"])
        #expect(calls.first?.literalValues.map(\.1) == ["Sam"])
    }
}

/// Just enough of Leaf and HTML to tell words from markup.
enum LeafText {
    struct WordsCall {
        var key: String?
        var names: [String] = []
        var literalValues: [(String, String)] = []
    }

    static let terminators = ["endif", "endfor", "endexport", "endextend", "else", "endwhile", "endimport"]

    /// The text left once Leaf, tags and `<code>` are taken out, and text attributes with letters.
    static func words(in template: String) -> [String] {
        var found: [String] = []
        var text = ""
        func flush() {
            let cleaned = text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(
                of: "&nbsp;", with: " "
            )
            .trimmingCharacters(in: .whitespacesAndNewlines)
            if cleaned.contains(where: \.isLetter) { found.append(cleaned) }
            text = ""
        }
        let characters = Array(template)
        var index = 0
        var inCode = false
        while index < characters.count {
            let character = characters[index]
            if character == "#", let end = leafEnd(characters, from: index) {
                flush()
                index = end
            } else if character == "<" {
                flush()
                let end = tagEnd(characters, from: index)
                let tag = String(characters[index..<end])
                if tag.lowercased().hasPrefix("<code") { inCode = true }
                if tag.lowercased().hasPrefix("</code") { inCode = false }
                found += textAttributes(of: tag)
                index = end
            } else {
                if !inCode { text.append(character) }
                index += 1
            }
        }
        flush()
        return found
    }

    static func textAttributes(of tag: String) -> [String] {
        var found: [String] = []
        let pattern = /([a-zA-Z-]+)="([^"]*)"/
        for match in tag.matches(of: pattern) {
            let name = String(match.1).lowercased()
            guard WordsInTemplatesTests.textAttributes.contains(name) else { continue }
            let value = words(in: String(match.2)).joined()
            if value.contains(where: \.isLetter) { found.append("\(name)=\"\(match.2)\"") }
        }
        return found
    }

    /// Where a Leaf directive starting at `index` ends, or nil if the `#` is just a character.
    static func leafEnd(_ characters: [Character], from index: Int) -> Int? {
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end] == "_" { end += 1 }
        let name = String(characters[(index + 1)..<end])
        if end < characters.count, characters[end] == "(" {
            end = parenthesesEnd(characters, from: end)
        } else if !terminators.contains(name) {
            return nil
        }
        if end < characters.count, characters[end] == ":" { end += 1 }
        return end
    }

    static func parenthesesEnd(_ characters: [Character], from index: Int) -> Int {
        var depth = 0
        var quoted = false
        var end = index
        while end < characters.count {
            let character = characters[end]
            if quoted {
                if character == "\\" { end += 1 } else if character == "\"" { quoted = false }
            } else if character == "\"" {
                quoted = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 { return end + 1 }
            }
            end += 1
        }
        return end
    }

    static func tagEnd(_ characters: [Character], from index: Int) -> Int {
        var end = index + 1
        var quoted = false
        while end < characters.count {
            let character = characters[end]
            if character == "\"" { quoted.toggle() }
            if !quoted, character == "#", let leaf = leafEnd(characters, from: end) {
                end = leaf
                continue
            }
            if !quoted, character == ">" { return end + 1 }
            end += 1
        }
        return end
    }

    /// Every `#t(…)`: its key when written as text, the names it fills, and values written as text.
    static func wordsCalls(in template: String) -> [WordsCall] {
        let characters = Array(template)
        var calls: [WordsCall] = []
        var index = 0
        while index + 2 < characters.count {
            guard characters[index] == "#", characters[index + 1] == "t", characters[index + 2] == "(" else {
                index += 1
                continue
            }
            let end = parenthesesEnd(characters, from: index + 2)
            let arguments = split(String(characters[(index + 3)..<(end - 1)]))
            var call = WordsCall()
            call.key = literal(arguments.first ?? "")
            var position = 1
            while position + 1 < arguments.count {
                let name = literal(arguments[position]) ?? "?"
                call.names.append(name)
                if let value = literal(arguments[position + 1]) { call.literalValues.append((name, value)) }
                position += 2
            }
            if position < arguments.count { call.names.append("?") }
            calls.append(call)
            index = end
        }
        return calls
    }

    static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var depth = 0
        for character in text {
            if character == "\"" { quoted.toggle() }
            if !quoted && character == "(" { depth += 1 }
            if !quoted && character == ")" { depth -= 1 }
            if !quoted && depth == 0 && character == "," {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty {
            parts.append(current.trimmingCharacters(in: .whitespaces))
        }
        return parts
    }

    static func literal(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
        return String(text.dropFirst().dropLast())
    }
}
