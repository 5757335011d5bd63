import Foundation

/// R3.2, R1.2: how a child, or a person, is found and listed by name. A list is in order of the
/// whole name folded for comparison (case, accents and width set aside, so "Zoë" sorts and is
/// found with "zoe", and "émile" beside "Emma"), and a search matches the start of any word of
/// the name, in any script.
public enum NameKey {
    /// The name folded for comparing and sorting.
    public static func sortKey(_ name: String) -> String {
        words(name, unique: false).joined(separator: " ")
    }

    /// The name's words, folded, each once, in order.
    public static func words(_ name: String) -> [String] { words(name, unique: true) }

    /// What a search matches: the folded words typed, longest first, so the rarest narrows most.
    public static func searchTerms(_ query: String) -> [String] {
        words(query).sorted { $0.count > $1.count }
    }

    static func words(_ name: String, unique: Bool) -> [String] {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var seen: Set<String> = []
        var result: [String] = []
        for word in folded.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init) where !word.isEmpty
        {
            if unique && !seen.insert(word).inserted { continue }
            result.append(word)
        }
        return result
    }
}
