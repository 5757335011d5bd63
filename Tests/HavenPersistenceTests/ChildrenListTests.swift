import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing

/// R3.2, N1: the children list a page at a time by key, and finding a child by any word of their
/// name, never by reading every child; on both databases.
@Suite("R3.2 the children list and search, on both databases")
struct ChildrenListTests {
    static let names =
        (0..<75).map { "Pagechild \(String(format: "%03d", $0)) Fixture" } + [
            "Zoë O'Connor-Ávila", "Siân ap Gwilym", "محمد العلي", "李小龍", "Zoe Brennagh",
        ]

    @Test(arguments: TestDatabaseKind.available)
    func everyChildIsListedOnceInNameOrderAndFoundByAnyWord(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: { $0.limits.concernsPerPersonPer10Minutes = 1_000 }) { haven in
            for name in Self.names { try await haven.recordConcern(about: name) }
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            var seen: [ChildRecord] = []
            var position: ChildListPosition?
            var pages = 0
            repeat {
                let page = try await ListChildren(haven.env)(after: position, by: dsl)
                #expect(page.children.count <= ListChildren.pageSize)
                seen += page.children.map(\.record)
                position = page.next
                pages += 1
            } while position != nil && pages < 10
            #expect(pages == 2)
            #expect(seen.map(\.details.displayName).sorted() == Self.names.sorted())
            let keys = seen.map { NameKey.sortKey($0.details.displayName) }
            #expect(keys == keys.sorted())

            func found(_ query: String) async throws -> [String] {
                try await ListChildren(haven.env)(named: query, by: dsl).children.map(\.record.details.displayName)
                    .sorted()
            }
            #expect(try await found("zoe") == ["Zoe Brennagh", "Zoë O'Connor-Ávila"])
            #expect(try await found("ÁVILA") == ["Zoë O'Connor-Ávila"])
            #expect(try await found("zo bren") == ["Zoe Brennagh"])
            #expect(try await found("gwil") == ["Siân ap Gwilym"])
            #expect(try await found("العلي") == ["محمد العلي"])
            #expect(try await found("李") == ["李小龍"])
            #expect(try await found("pagechild 07").count == 5)
            #expect(try await found("nobody-called-this").isEmpty)
        }
    }

    /// The page links on, and a later page back to the first.
    @Test func thePageLinksOnAndBack() async throws {
        try await TestHaven.with(.sqlite, configure: { $0.limits.concernsPerPersonPer10Minutes = 1_000 }) { haven in
            for index in 0..<(ListChildren.pageSize + 1) { _ = try await haven.recordConcern(about: "Listed \(index)") }
            let dsl = try await haven.signIn("dsl")
            let first = try await haven.request(.GET, "/children", headers: dsl.cookieHeaders).body.string
            let next = try #require(first.firstMatch(of: /id="children-next" href="([^"]+)"/)?.1)
            let second = try await haven.request(.GET, String(next), headers: dsl.cookieHeaders).body.string
            #expect(second.contains(#"id="children-first" href="/children""#) && !first.contains("children-first"))
            #expect(!second.contains("children-next"))
            // A made-up link is a bad request naming it, as on every other paged page.
            let bogus = try await haven.request(.GET, "/children?after=not-a-link", headers: dsl.cookieHeaders)
            #expect(bogus.status == .badRequest)
            #expect(bogus.body.string.contains(#"data-field="after""#), "\(bogus.body.string)")
        }
    }

    @Test func aPageLinkRoundTripsAndAMadeUpOneIsRefused() {
        let position = ChildListPosition(sortKey: "zoe o connor avila", childID: ChildID(UUID()))
        #expect(ChildListPosition(token: position.token) == position)
        #expect(ChildListPosition(token: "not a token") == nil)
        #expect(ChildListPosition(token: "!!!.\(UUID())") == nil)
    }

    @Test(arguments: TestDatabaseKind.available)
    func thePageAndTheSearchUseTheirIndexes(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let list =
                "SELECT id, details FROM children WHERE (sort_key, id) > ('m', 'x') ORDER BY sort_key, id LIMIT 51"
            // As the store asks it: the start of each word typed, intersected.
            let search =
                "SELECT child_id FROM child_name_words WHERE word >= 'zo' AND word < 'zo\u{10FFFF}' INTERSECT "
                + "SELECT child_id FROM child_name_words WHERE word >= 'bren' AND word < 'bren\u{10FFFF}' LIMIT 50"
            // Issue 12.2: the lookups that propose a child Haven may already hold, and one file's records.
            let born = "SELECT id, details, created_at FROM children WHERE born = '2016-03-02' ORDER BY id LIMIT 200"
            let sameName =
                "SELECT id, details, created_at FROM children WHERE sort_key = 'mia chen' ORDER BY id LIMIT 200"
            let identifier =
                "SELECT child_id FROM child_identifiers WHERE kind = 'nhs_number' AND value = '9434765919' LIMIT 200"
            let merged = "SELECT child_id FROM child_merges WHERE into_child_id = 'x'"
            for (query, index) in [
                (list, "children_by_name"),
                (search, kind == .sqlite ? "sqlite_autoindex_child_name_words_1" : "child_name_words_pkey"),
                (born, "children_by_birth"), (sameName, "children_by_name"),
                (identifier, kind == .sqlite ? "sqlite_autoindex_child_identifiers_1" : "child_identifiers_pkey"),
                (merged, "child_merges_into"),
            ] {
                let plan = try await haven.queryPlan(query)
                print("plan (\(kind)): \(query)\n\(plan)")
                #expect(plan.contains(index), "\(plan)")
                // Never a whole table read. (The search's intersection sorts what each word's range
                // matched, which is bounded by the matches, not by the children held.)
                #expect(
                    !plan.contains("Seq Scan") && !plan.contains("SCAN children")
                        && !plan.contains("SCAN child_name_words") && !plan.contains("SCAN child_identifiers")
                        && !plan.contains("SCAN child_merges"), "\(plan)")
                if query == list {
                    #expect(!plan.contains("USE TEMP B-TREE FOR ORDER BY") && !plan.contains("Sort"), "\(plan)")
                }
            }
        }
    }
}
