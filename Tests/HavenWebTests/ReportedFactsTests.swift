import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// R2.1 (issue 12.7): each fact in a concern can be marked as told to the recorder by someone
/// else, not one switch for the whole account. Whoever reads the concern sees which facts the
/// recorder saw or heard themselves and which they were told.
@Suite("Issue 12.7 each fact first-hand or told by someone else")
struct ReportedFactsTests {
    @Test(arguments: TestDatabaseKind.available)
    func eachFactSaysWhetherTheRecorderWasToldIt(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Told Child"), ("howItArose", "told_by_adult"), ("location", "The bus stop"),
                    ("whoWasPresent", "Her cousin"), ("injury", "A cut lip"), ("childLocationNow", "At home"),
                    ("account", "Her aunt told me she saw the girl pushed over at the bus stop by an older boy."),
                    ("reportedFacts[]", "account"), ("reportedFacts[]", "injury"),
                    ("reportedFacts[]", "when_and_where"),
                ], session: reporter)
            #expect(sent.status == .seeOther)
            let location = try #require(sent.headers.first(name: .location))
            let id = try #require(ConcernID(string: String(location.dropFirst("/receipts/".count))))
            let stored = try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(id) })
            #expect(stored.content.reportedFacts == [.account, .injury, .whenAndWhere])

            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            let marked = "(the recorder was told this by someone else)"
            // A fact's value and what follows it in its line.
            func fact(_ value: String) -> Substring? {
                guard let start = page.range(of: "<bdi>\(value)</bdi>"),
                    let end = page[start.upperBound...].range(of: "</dd>")
                else { return nil }
                return page[start.lowerBound..<end.lowerBound]
            }
            for told in ["The bus stop", "A cut lip"] {
                #expect(fact(told)?.contains(marked) == true, "\(told)")
            }
            for seen in ["Her cousin", "At home"] {
                let line = try #require(fact(seen))
                #expect(!line.contains(marked), "\(seen)")
            }
            #expect(page.contains("<dt>Account is</dt><dd><bdi>Reported by someone else</bdi>"))

            // The chronology says the account was passed on.
            let child = try #require(stored.childID)
            _ = try await haven.postForm("/children/\(child)/open", [("reason", "case_review")], session: dsl)
            let file = try await haven.request(.GET, "/children/\(child)", headers: dsl.cookieHeaders).body.string
            let chronology = try #require(file.part("chronology").map(String.init))
            #expect(chronology.contains("Told to the recorder by someone else: Her aunt told me"))

            // The API lists them, the account's included, and keeps its first way of saying so.
            let api = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: dsl)
            let body = try JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any]
            let content = try #require(body?["content"] as? [String: Any])
            #expect(content["reportedFacts"] as? [String] == ["when_and_where", "account", "injury"])
            #expect(content["accountProvenance"] as? String == "reported")
        }
    }

    /// A fact ticked over the API is kept the same way; a fact Haven does not know is refused,
    /// naming the list, and nothing is recorded.
    @Test(arguments: TestDatabaseKind.available)
    func theAPITakesTheListAndRefusesAnUnknownFact(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            func send(_ facts: String) async throws -> TestingHTTPResponse {
                try await haven.api(
                    .POST, "/api/v1/concerns", session: reporter,
                    json: """
                        {"child":{"name":"API Told"},"howItArose":"observed",
                         "account":"He told me his brother saw the bruises on his back after PE today.",
                         "reportedFacts":\(facts)}
                        """)
            }
            let before = try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
            let refused = try await send(#"["injury","rumour"]"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("reportedFacts[1]"))
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() } == before)
            // Ten thousand unknown entries are one mistake, not ten thousand.
            let flood = try await send("[" + Array(repeating: #""zz""#, count: 10_000).joined(separator: ",") + "]")
            #expect(flood.status == .unprocessableEntity && flood.body.string.utf8.count < 5_000)
            #expect(flood.body.string.contains(#""field":"reportedFacts""#))
            let kept = try await send(#"["who_was_present"]"#)
            #expect(kept.status == .created)
            let out = try JSONSerialization.jsonObject(with: Data(kept.body.readableBytesView)) as? [String: Any]
            let id = try #require(out?["concernID"] as? String)
            let stored = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(ConcernID(string: id)!) })
            #expect(stored.content.reportedFacts == [.whoWasPresent])
            #expect(stored.content.provenance(of: .account) == .firstHand)
        }
    }
}
