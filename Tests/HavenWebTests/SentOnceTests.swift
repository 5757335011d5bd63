import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.4: a concern sent twice — a double tap on a slow connection, Back and send again, a
/// client retrying — is recorded once. The form carries a submission key, the API takes an
/// `Idempotency-Key`; the same key from the same person answers with the first receipt.
@Suite("Issue 12.4 a concern sent twice is recorded once")
struct SentOnceTests {
    static func form(_ child: String, key: String) -> [(String, String)] {
        [
            ("child.name", child), ("howItArose", "disclosed_by_child"), ("occurredAt", "2026-11-02T09:15"),
            ("location", "Hall"), ("account", "\(child) said she did not want to go home tonight."),
            ("categories[]", "neglect"), ("immediateDanger", "on"), ("submission", key),
        ]
    }

    func concerns(_ haven: TestHaven) async throws -> Int {
        try await haven.env.unitOfWork.read { tx in try await tx.concerns.count() }
    }

    /// The form: sent again with its key, the person is taken to the first receipt; the
    /// receipt (after the 303) still shows the prompts the recording drew from what was written.
    @Test(arguments: TestDatabaseKind.available)
    func theSameFormSentTwiceIsRecordedOnce(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let key = UUID().uuidString
            let first = try await haven.postForm("/concerns", Self.form("Twice Sent", key: key), session: reporter)
            let second = try await haven.postForm("/concerns", Self.form("Twice Sent", key: key), session: reporter)
            #expect(first.status == .seeOther && second.status == .seeOther)
            let receipt = try #require(first.headers.first(name: .location))
            #expect(receipt.hasPrefix("/receipts/"))
            #expect(second.headers.first(name: .location) == receipt)
            #expect(try await concerns(haven) == 1)
            // A new form (a new key) is a new concern.
            let third = try await haven.postForm(
                "/concerns", Self.form("Twice Sent", key: UUID().uuidString), session: reporter)
            #expect(third.headers.first(name: .location) != receipt)
            #expect(try await concerns(haven) == 2)
            // The same key with different answers (a page from history, edited) is never lost as a
            // repeat: refused, naming the first concern, and the form comes back with a new key.
            let edited = try await haven.postForm(
                "/concerns", Self.form("Someone Else", key: key), session: reporter)
            #expect(edited.status == .unprocessableEntity)
            #expect(edited.body.string.problemLinks == ["submission"])
            #expect(edited.body.string.keptValue("child.name") == "Someone Else")
            #expect(edited.body.string.keptValue("submission") != key)
            #expect(try await concerns(haven) == 2)
            let page = try await haven.request(.GET, receipt, headers: reporter.cookieHeaders).body.string
            #expect(page.contains(#"id="receipt-reference""#))
            #expect(page.contains(#"<p class="call-999">"#), "the 999 prompt after an immediate danger")
        }
    }

    /// Twenty double taps at once, each pair with one key: twenty concerns, not forty. The
    /// second of each pair reaches the writer beside the first, so the database's own key on
    /// (person, submission key) is what stops it.
    @Test(arguments: TestDatabaseKind.available)
    func twentyDoubleTapsAtOnceRecordTwenty(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let keys = (0..<20).map { _ in UUID().uuidString }
            let answers = try await withThrowingTaskGroup(of: (String, String?).self) { group in
                for (index, key) in keys.enumerated() {
                    for _ in 0..<2 {
                        group.addTask {
                            let response = try await haven.postForm(
                                "/concerns", Self.form("Double Tap \(index)", key: key), session: reporter)
                            return (key, response.headers.first(name: .location))
                        }
                    }
                }
                return try await group.reduce(into: [String: Set<String?>]()) { $0[$1.0, default: []].insert($1.1) }
            }
            #expect(try await concerns(haven) == 20)
            // Both taps of each pair land on the same receipt.
            #expect(answers.count == 20 && answers.values.allSatisfy { $0.count == 1 && $0.first! != nil })
        }
    }

    /// The API: the same Idempotency-Key answers with the first receipt and says so; another
    /// person's same key is theirs alone; a key that is not one is refused, naming the header.
    @Test(arguments: TestDatabaseKind.available)
    func theAPIHonoursAnIdempotencyKey(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let json = #"{"child":{"name":"Api Twice"},"howItArose":"observed","account":"Seen at the gate."}"#
            func send(_ session: TestSession, key: String) async throws -> TestingHTTPResponse {
                var headers: HTTPHeaders = [
                    "Content-Type": "application/json", "Authorization": "Bearer \(session.token)",
                ]
                headers.add(name: "Idempotency-Key", value: key)
                return try await haven.request(.POST, "/api/v1/concerns", headers: headers, body: json)
            }
            struct Receipt: Decodable { let concernID: String }
            let key = "retry-0001-abcdef"
            let first = try await send(reporter, key: key)
            let again = try await send(reporter, key: key)
            #expect(first.status == .created && again.status == .created)
            #expect(first.headers.first(name: "Idempotent-Replayed") == nil)
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            let one = try JSONDecoder().decode(Receipt.self, from: Data(first.body.string.utf8))
            let two = try JSONDecoder().decode(Receipt.self, from: Data(again.body.string.utf8))
            #expect(one.concernID == two.concernID)
            #expect(try await concerns(haven) == 1)
            // The same key from someone else is their own concern: never the first person's receipt.
            let other = try await haven.signIn("dsl")
            let theirs = try await send(other, key: key)
            #expect(theirs.status == .created)
            let three = try JSONDecoder().decode(Receipt.self, from: Data(theirs.body.string.utf8))
            #expect(three.concernID != one.concernID)
            #expect(try await concerns(haven) == 2)
            let bad = try await send(reporter, key: "no spaces or ü allowed")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains(#""field":"Idempotency-Key""#))
            #expect(try await concerns(haven) == 2)
        }
    }

    /// Keys are letters, digits, `-` and `_`, 8 to 100 of them.
    @Test(arguments: [
        ("0b7c5f4e-9d6a-4c1e-8f7a-2b3c4d5e6f70", true), ("abcdefgh", true), ("abcdefg", false),
        (String(repeating: "a", count: 100), true), (String(repeating: "a", count: 101), false),
        ("has space1", false), ("ключ-ключ-ключ", false), ("semi;colon", false), ("", false),
    ])
    func keys(_ text: String, _ accepted: Bool) {
        #expect((SubmissionKey(text) != nil) == accepted, "\(text)")
    }
}
