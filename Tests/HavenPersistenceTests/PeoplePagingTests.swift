import Foundation
import HavenDomain
import HavenFeatures
import HavenPersistence
import HavenTestSupport
import SQLKit
import Testing

/// R1.2: the list of people is read a page at a time by name (then id, since names repeat), so
/// an organisation with thousands of volunteers and years of leavers is never read whole.
@Suite("R1.2 the list of people a page at a time, on both databases")
struct PeoplePagingTests {
    @Test(arguments: TestDatabaseKind.available)
    func everyPersonIsListedOnceByName(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            // Many people, and names that repeat.
            for index in 0..<(2 * ManagePeople.pageSize + 13) {
                _ = try await ManagePeople(haven.env).create(
                    name: ["Ash Patel", "Bo Li", "Cai Jones", "Zoë Ward"][index % 4]
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
            // In the database's own order by name, then id.
            struct ID: Decodable { let id: String }
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            let ordered = try await sql.raw("SELECT id FROM people ORDER BY name, id").all(decoding: ID.self)
            #expect(seen.map(\.id.description) == ordered.map(\.id))
            #expect(pages == (everyone.count + ManagePeople.pageSize - 1) / ManagePeople.pageSize)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aPageIsAnIndexRange(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let plan = try await haven.queryPlan(
                "SELECT * FROM people WHERE (name, id) > ('Bo', 'y') ORDER BY name, id LIMIT 101")
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
        }
    }
}
