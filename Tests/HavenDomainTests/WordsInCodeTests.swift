import Foundation
import Testing

@testable import HavenDomain

/// N6: Swift code says things by key; the words are in the catalogue. A string literal that reads
/// as words (two words, or one capitalised word) in the domain, the use cases or the web layer
/// fails this test, unless it goes only to the log (a logger or `problems` call), is marked
/// `// words: not shown (why)` on its line or the line above, or is in a file listed below with
/// the reason. And
/// every key the code names is in the English catalogue.
@Suite("Words in code")
struct WordsInCodeTests {
    static let targets = ["HavenDomain", "HavenFeatures", "HavenWeb"]

    /// Files whose text is never shown to the people who use Haven, and why.
    static let notShown: [String: String] = [
        "HavenDomain/Words/Catalogue.swift": "mistakes in a catalogue file, for its translator",
        "HavenDomain/Words/Catalogues.swift": "mistakes in a catalogue file, for its translator",
        "HavenDomain/Words/PortableObject.swift": "mistakes in a catalogue file, for its translator",
        "HavenDomain/Words/PluralForms.swift": "mistakes in a catalogue file, for its translator",
        "HavenWeb/Words/WordsTag.swift": "mistakes in a template, for developers",
        "HavenWeb/API/OpenAPIDocument.swift": "mistakes in the API document, for developers",
        "HavenWeb/HavenWeb.swift": "resource folders, and what stops Haven starting, for the operator",
        "HavenWeb/QR/QRCode.swift": "SVG markup (its title comes from the catalogue)",
        "HavenDomain/Time/LocalDateTime.swift": "date formats a form sends",
        "HavenFeatures/Operations/Readiness.swift": "/readyz, for monitors and operators",
        "HavenFeatures/Operations/ReadReadiness.swift": "/readyz, for monitors and operators",
        "HavenWeb/Operations/ReadinessRoute.swift": "/readyz, for monitors and operators",
    ]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
    }

    static func swiftFiles() -> [(name: String, lines: [String])] {
        var files: [(String, [String])] = []
        for target in targets {
            let folder = sources.appendingPathComponent(target)
            for path in (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted()
            where path.hasSuffix(".swift") {
                let text = (try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)) ?? ""
                files.append(("\(target)/\(path)", text.components(separatedBy: "\n")))
            }
        }
        return files
    }

    static var literal: Regex<Substring> { /"(?:[^"\\\n]|\\.)*"/ }
    static var interpolation: Regex<Substring> { /\\\([^)]*\)/ }

    /// Whether a literal's text reads as words a person would see.
    static func readsAsWords(_ text: String) -> Bool {
        let plain = text.replacing(interpolation, with: "")
        return plain.contains(/[A-Za-z]{2,} [A-Za-z]{2,}/) || plain.wholeMatch(of: /[A-Z][a-z]+[.!?]?/) != nil
    }

    /// The literals in `lines` that read as words and are not excused.
    static func wordsWritten(_ lines: [String]) -> [(line: Int, text: String)] {
        var found: [(Int, String)] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let marked =
                line.contains("// words: not shown") || (index > 0 && lines[index - 1].contains("// words: not shown"))
            if trimmed.hasPrefix("//") || marked { continue }
            let context = lines[max(0, index - 3)...index].joined(separator: " ")
            if context.contains("logger.") || context.contains("problems(") || context.contains("fatalError(")
                || context.contains("precondition")
            {
                continue
            }
            let code = line.components(separatedBy: " // ").first ?? line
            for match in code.matches(of: literal) {
                let text = String(match.output.dropFirst().dropLast())
                if readsAsWords(text) { found.append((index + 1, text)) }
            }
        }
        return found
    }

    @Test func noWordsAreWrittenIntoTheCode() {
        var found: [String] = []
        for (name, lines) in Self.swiftFiles() where Self.notShown[name] == nil {
            for (line, text) in Self.wordsWritten(lines) { found.append("\(name):\(line): \"\(text)\"") }
        }
        #expect(
            found.isEmpty,
            "words written into the code, not taken from the catalogue:\n\(found.joined(separator: "\n"))")
    }

    /// The check finds what it should, and lets through what it should.
    @Test func theCheckTellsWordsFromCode() {
        let lines = [
            #"throw InvalidInput(field: "email", "Enter your email address.")"#,
            #"let title = "Inbox""#,
            #"req.logger.info("concern recorded")"#,
            #"let key = "concerns.account.missing""#,
            #"let name = "Haven"  // words: not shown (the product name)"#,
            "// words: not shown (a log line)", #"return "does not match""#,
            #"// "A comment is not shown""#,
            #"let sql = "id""#,
        ]
        #expect(Self.wordsWritten(lines).map(\.line) == [1, 2])
    }

    static var keyUses: [Regex<(Substring, Substring)>] {
        [
            /Words\(\s*"([^"\\]+)"/, /\.text\(\s*"([^"\\]+)"/, /InvalidInput\(field: [^,]+, "([^"\\]+)"/,
            /FieldError\(field: [^,]+, "([^"\\]+)"/,
        ]
    }

    @Test func everyKeyTheCodeNamesIsInTheEnglishCatalogue() throws {
        let english = try Catalogues.bundled().english
        var missing: [String] = []
        var uses = 0
        for (name, lines) in Self.swiftFiles() {
            for (index, line) in lines.enumerated() {
                for pattern in Self.keyUses {
                    for match in line.matches(of: pattern) {
                        let key = String(match.output.1)
                        // A key built from a case's name is checked with its type, below.
                        if key.hasSuffix(".") { continue }
                        uses += 1
                        if !english.contains(key) { missing.append("\(name):\(index + 1): \(key)") }
                    }
                }
            }
        }
        #expect(uses > 150)
        #expect(missing.isEmpty, "keys missing from the catalogue:\n\(missing.joined(separator: "\n"))")
    }

    /// Keys built from names: every audit action a child's access log shows, every chronology
    /// kind, every refusal and checkpoint error.
    @Test func everyKeyBuiltFromANameIsInTheEnglishCatalogue() throws {
        let english = try Catalogues.bundled().english
        var keys: [String] = []
        keys += DomainModules.all.flatMap(\.auditActions).compactMap(\.logged?.key)
        keys += DomainModules.all.flatMap(\.chronologyKinds).map(\.title.key)
        keys += ApprovalRefusal.allCases.map(\.words.key)
        keys += BodyPart.allCases.map(\.title.key) + BodyView.allCases.map(\.title.key)
        keys += [AuditCheckpointError.unreadable, .untrustedKey, .badSignature].map(\.words.key)
        #expect(keys.count > 20)
        #expect(keys.filter { !english.contains($0) } == [])
    }
}
