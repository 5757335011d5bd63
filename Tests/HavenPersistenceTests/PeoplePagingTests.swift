import FluentKit
import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import SQLKit
import Testing

@testable import HavenPersistence

/// R1.2: the list of people is read a page at a time in order of their folded names (then id,
/// since names repeat), so "émile" is listed beside "Emma", and an organisation with thousands
/// of volunteers and years of leavers is never read whole.
@Suite("R1.2 the list of people a page at a time, on both databases")
struct PeoplePagingTests {
    @Test(arguments: TestDatabaseKind.available)
    func everyPersonIsListedOnceByName(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            // Many people, and names that repeat.
            for index in 0..<(2 * ManagePeople.pageSize + 13) {
                _ = try await ManagePeople(haven.env).create(
                    name: ["Ash Patel", "bo li", "Émile Caron", "Zoë Ward", "Eli Marsh"][index % 5]
                        + (index % 3 == 0 ? "" : " \(index)"),
                    email: "person\(index)@fixture.haven.test", password: "fixture-password-\(index)",
                    kind: "volunteer",
                    roles: [], by: nil)
            }
            let admin = Actor(
                person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true)
            let everyone = try await haven.env.unitOfWork.read { tx in try await tx.people.all() }
            var seen: [Person] = []
            var after: PersonID? = nil
            var pages = 0
            repeat {
                let page = try await ManagePeople(haven.env).accounts(after: after, by: admin)
                #expect(page.accounts.count <= ManagePeople.pageSize)
                seen += page.accounts.map(\.0)
                after = page.next
                pages += 1
            } while after != nil && pages < 10
            #expect(seen.count == everyone.count)
            #expect(Set(seen.map(\.id)) == Set(everyone.map(\.id)))
            // In order of the folded names as a person reads them ("bo" among the Bs, "Émile"
            // among the Es), then ids, compared byte by byte on both databases.
            let keys = seen.map { (Array(NameKey.sortKey($0.name).utf8), Array($0.id.description.utf8)) }
            let inOrder = zip(keys, keys.dropFirst()).allSatisfy {
                $0.0 != $1.0 ? $0.0.lexicographicallyPrecedes($1.0) : $0.1.lexicographicallyPrecedes($1.1)
            }
            #expect(inOrder)
            let names = seen.map(\.name)
            let bo = try #require(names.firstIndex { $0.hasPrefix("bo li") })
            let emile = try #require(names.firstIndex { $0.hasPrefix("Émile") })
            let zoe = try #require(names.firstIndex { $0.hasPrefix("Zoë") })
            #expect(bo < emile && emile < zoe && names[..<bo].allSatisfy { !$0.hasPrefix("Zoë") })
            #expect(pages == (everyone.count + ManagePeople.pageSize - 1) / ManagePeople.pageSize)
        }
    }

    /// M020 fills in the sort key of everyone already on record, and can be taken back.
    @Test(arguments: TestDatabaseKind.available)
    func theMigrationFillsInPeopleAlreadyOnRecord(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let db = haven.app.db(HavenDatabase.id)
            try await M020_PeopleByName().revert(on: db)
            try await M020_PeopleByName().prepare(on: db)
            struct Key: Decodable {
                let name: String
                let sortKey: String
            }
            let rows = try await (db as! any SQLDatabase).raw("SELECT name, sort_key FROM people").all(
                decoding: Key.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase))
            #expect(rows.count == haven.people.count)
            #expect(rows.allSatisfy { $0.sortKey == NameKey.sortKey($0.name) && !$0.sortKey.isEmpty })
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aPageIsAnIndexRange(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let plan = try await haven.queryPlan(
                "SELECT * FROM people WHERE (sort_key, id) > ('bo', 'y') ORDER BY sort_key, id LIMIT 101")
            print("people page plan (\(kind)):\n\(plan)")
            #expect(plan.contains("people_by_name"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE") && !plan.contains("Sort"), "\(plan)")
        }
    }

    /// The page links to the next people and back; a made-up `after` is refused naming it.
    @Test func thePageLinksToMorePeople() async throws {
        try await TestHaven.with(.sqlite) { haven in
            for index in 0..<ManagePeople.pageSize {
                _ = try await ManagePeople(haven.env).create(
                    name: "Volunteer \(index)", email: "volunteer\(index)@fixture.haven.test",
                    password: "fixture-password-\(index)", kind: "volunteer", roles: [], by: nil)
            }
            let admin = try await haven.signIn("administrator")
            let first = try await haven.request(.GET, "/admin/people", headers: admin.cookieHeaders).body.string
            let next = try #require(first.firstMatch(of: /id="people-next" href="([^"]+)"/)?.1)
            let second = try await haven.request(.GET, String(next), headers: admin.cookieHeaders)
            #expect(second.status == .ok)
            #expect(second.body.string.contains("id=\"people-first\"") && !second.body.string.contains("people-next"))
            for bogus in ["x", "\(UUID())", "1"] {
                let refused = try await haven.request(
                    .GET, "/admin/people?after=\(bogus)", headers: admin.cookieHeaders)
                #expect(refused.status == .badRequest, "\(bogus)")
            }
            // A well-formed link naming nobody on record leads nowhere.
            let nobody = UUID().uuidString.lowercased()
            let missing = try await haven.request(.GET, "/admin/people?after=\(nobody)", headers: admin.cookieHeaders)
            #expect(missing.status == .notFound)
        }
    }
}
