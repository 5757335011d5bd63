import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing

/// R2.4: a concern's addenda are read a page at a time in the order they were added, so opening a
/// concern with thousands of them reads one page from an index; a recorder's pages hold only
/// what they added themselves.
@Suite("R2.4 a concern's addenda a page at a time, on both databases")
struct AddendaPagingTests {
    @Test(arguments: TestDatabaseKind.available)
    func everyAddendumIsShownOnceInTheOrderAdded(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "Much Added").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let reporter = Actor(person: haven.people["reporter"]!.id, roles: [.reporter], secondFactorPassed: true)
            var added: [AddendumID] = []
            for index in 0..<(2 * ReadConcern.addendaPageSize + 7) {
                // Every tenth by the recorder, the rest by the DSL; many in the same millisecond.
                let author = index % 10 == 0 ? reporter : dsl
                added.append(
                    try await AddAddendum(haven.env)(
                        to: concern, reason: "further_information", text: "Note \(index)", by: author
                    ).id)
                if index % 25 == 0 { haven.clock.advance(by: 1) }
            }
            let stored = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.addenda(concern, by: nil, after: nil, limit: 10_000)
            }
            #expect(Set(stored.map(\.id)) == Set(added))

            func pages(as actor: Actor) async throws -> ([Addendum], Int) {
                var seen: [Addendum] = []
                var after: AddendumPosition? = nil
                var count = 0
                repeat {
                    let file = try await ReadConcern(haven.env)(concern, addendaAfter: after, by: actor)
                    #expect(file.addenda.count <= ReadConcern.addendaPageSize)
                    seen += file.addenda
                    after = file.moreAddenda
                    count += 1
                } while after != nil && count < 10
                return (seen, count)
            }
            let (all, count) = try await pages(as: dsl)
            #expect(all.map(\.id) == stored.map(\.id))
            #expect(count == 3)
            let inOrder = zip(all, all.dropFirst()).allSatisfy {
                ($0.addedAt.millis, $0.id.description) < ($1.addedAt.millis, $1.id.description)
            }
            #expect(inOrder)
            let (own, _) = try await pages(as: reporter)
            #expect(own.map(\.id) == stored.filter { $0.author == reporter.person }.map(\.id))
            #expect(own.count == 11)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aPageIsAnIndexRange(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let plan = try await haven.queryPlan(
                """
                SELECT * FROM addenda WHERE concern_id = 'x' AND (added_at, id) > (5, 'y')
                ORDER BY added_at, id LIMIT 51
                """)
            print("addenda page plan (\(kind)):\n\(plan)")
            #expect(plan.contains("addenda_in_order"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE") && !plan.contains("Sort"), "\(plan)")
        }
    }

    /// The page links to later addenda and back; the API gives `addendaNext`; a made-up
    /// `addendaAfter` is refused naming it.
    @Test func thePageAndTheAPILinkToLaterAddenda() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let concern = try await haven.recordConcern(about: "Linked Addenda").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let body = #"{"reason":"further_information","text":"Spoke to the child again."}"#
            for _ in 0..<(ReadConcern.addendaPageSize + 1) {
                let added = try await haven.api(.POST, "/api/v1/concerns/\(concern)/addenda", session: dsl, json: body)
                #expect(added.status == .created)
            }
            let first = try await haven.request(.GET, "/concerns/\(concern)", headers: dsl.cookieHeaders).body.string
            let later = try #require(first.firstMatch(of: /id="addenda-later" href="([^"]+)"/)?.1)
            let second = try await haven.request(
                .GET, String(later).replacingOccurrences(of: "&amp;", with: "&"), headers: dsl.cookieHeaders
            ).body.string
            #expect(second.contains("id=\"addenda-first\"") && !second.contains("addenda-later"))
            #expect(second.components(separatedBy: "Spoke to the child again.").count - 1 == 1)
            let api = try await haven.api(.GET, "/api/v1/concerns/\(concern)", session: dsl).body.string
            let next = try #require(api.firstMatch(of: /"addendaNext":"([^"]+)"/)?.1)
            let last = try await haven.api(.GET, "/api/v1/concerns/\(concern)?addendaAfter=\(next)", session: dsl)
            #expect(last.status == .ok && !last.body.string.contains("\"addendaNext\":\""))
            for bogus in ["x", "1.not-an-id", "-1.\(UUID())", "01.\(UUID())"] {
                let refused = try await haven.api(
                    .GET, "/api/v1/concerns/\(concern)?addendaAfter=\(bogus)", session: dsl)
                #expect(refused.status == .badRequest, "\(bogus)")
                #expect(refused.body.string.contains("\"field\":\"addendaAfter\""))
            }
        }
    }
}
