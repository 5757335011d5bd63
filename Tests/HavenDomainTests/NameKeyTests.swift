import Testing

@testable import HavenDomain

@Suite("R3.2, R1.2 finding a child or a person by name")
struct NameKeyTests {
    static let cases: [(name: String, sortKey: String, words: [String])] = [
        ("Tilly Brennagh", "tilly brennagh", ["tilly", "brennagh"]),
        ("Zoë  O'Connor-Ávila", "zoe o connor avila", ["zoe", "o", "connor", "avila"]),
        ("  ", "", []),
        ("Siân ap Gwilym", "sian ap gwilym", ["sian", "ap", "gwilym"]),
        ("محمد العلي", "محمد العلي", ["محمد", "العلي"]),
        ("李小龍", "李小龍", ["李小龍"]),
        ("Ｆｉｎｎ", "finn", ["finn"]),
        ("Anna Anna", "anna anna", ["anna"]),
        ("Child 2 (twin)", "child 2 twin", ["child", "2", "twin"]),
    ]

    @Test(arguments: 0..<cases.count)
    func namesFoldTheSameWayForSortingAndSearching(_ index: Int) {
        let (name, sortKey, words) = Self.cases[index]
        #expect(NameKey.sortKey(name) == sortKey)
        #expect(NameKey.words(name) == words)
    }

    @Test func aSearchLooksFirstForItsLongestWord() {
        #expect(NameKey.searchTerms("Ó Bren") == ["bren", "o"])
        #expect(NameKey.searchTerms("") == [])
    }
}
