import Testing

@testable import HavenDomain

@Suite("R3.2 finding a child by name")
struct ChildNameKeyTests {
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
        #expect(ChildNameKey.sortKey(name) == sortKey)
        #expect(ChildNameKey.words(name) == words)
    }

    @Test func aSearchLooksFirstForItsLongestWord() {
        #expect(ChildNameKey.searchTerms("Ó Bren") == ["bren", "o"])
        #expect(ChildNameKey.searchTerms("") == [])
    }
}
