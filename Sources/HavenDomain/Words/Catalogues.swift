import Foundation

/// N6: the catalogue in every language Haven has, read from a folder of PO files: `en/` holds
/// the English (complete; each module its own file), and each other folder a translation named
/// for its language (`cy/` for Welsh). Adding a language is adding a folder.
public struct Catalogues: Sendable {
    public let english: Catalogue
    /// Every language by its lower-case tag ("en-gb", "cy"), English included.
    public let all: [String: Catalogue]

    public init(english: Catalogue, translations: [Catalogue] = []) {
        self.english = english
        var all: [String: Catalogue] = [english.language.lowercased(): english]
        for catalogue in translations { all[catalogue.language.lowercased()] = catalogue }
        self.all = all
    }

    /// The catalogue Haven ships (this module's `Resources/Messages`).
    public static func bundled() throws -> Catalogues { try load(from: directory) }

    /// Where the shipped PO files are: `en/` and one folder per translation.
    public static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Messages") }

    public static func load(from directory: URL) throws -> Catalogues {
        let files = FileManager.default
        // Every PO file under a language's folder, subfolders included, in a stable order.
        func read(_ folder: URL) throws -> [(name: String, object: PortableObject)] {
            let names = (files.subpaths(atPath: folder.path) ?? []).filter { $0.hasSuffix(".po") }.sorted()
            return try names.map { name in
                let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                do {
                    return (folder.lastPathComponent + "/" + name, try PortableObject(parsing: text))
                } catch {
                    throw Catalogue.Problem(file: folder.lastPathComponent + "/" + name, problem: "\(error)")
                }
            }
        }
        let sourceFiles = try read(directory.appendingPathComponent("en"))
        let english = try Catalogue(english: sourceFiles)
        var translations: [Catalogue] = []
        for folder in try files.contentsOfDirectory(atPath: directory.path).sorted() where folder != "en" {
            let url = directory.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            translations.append(try Catalogue(translating: sourceFiles, with: try read(url)))
        }
        return Catalogues(english: english, translations: translations)
    }

    /// The catalogue for a language tag, or for its primary language ("cy-GB" → "cy"), if Haven has it.
    public func catalogue(for tag: String) -> Catalogue? {
        let tag = tag.lowercased().replacingOccurrences(of: "_", with: "-")
        if let exact = all[tag] { return exact }
        let primary = tag.split(separator: "-").first.map(String.init) ?? tag
        return all.first { $0.key == primary || $0.key.hasPrefix(primary + "-") }?.value
    }

    /// The language a browser's `Accept-Language` prefers among those Haven has, else `fallback`.
    /// Quality values order the choices; a malformed part is skipped.
    public func negotiate(acceptLanguage: String?, fallback: Catalogue) -> Catalogue {
        guard let header = acceptLanguage, header.utf8.count <= 500 else { return fallback }
        var choices: [(tag: String, quality: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").prefix(20).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty, tag != "*",
                tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
            else { continue }
            var quality = 1.0
            for piece in pieces.dropFirst() where piece.hasPrefix("q=") {
                quality = Double(piece.dropFirst(2)) ?? 0
            }
            if quality > 0 { choices.append((tag, quality, order)) }
        }
        for choice in choices.sorted(by: { ($0.quality, -$0.order) > ($1.quality, -$1.order) }) {
            if let catalogue = catalogue(for: choice.tag) { return catalogue }
        }
        return fallback
    }
}

extension Catalogue {
    /// The English Haven ships, for what goes to the log and the command line (which an
    /// operator reads, in English). Pages, emails and the API use the reader's catalogue.
    public static let shippedEnglish: Catalogue =
        (try? Catalogues.bundled().english) ?? (try! Catalogue(english: []))
}
