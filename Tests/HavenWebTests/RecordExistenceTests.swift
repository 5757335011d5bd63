import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 10.9: someone trying ids must not learn which records exist, and an outcome the DSL
/// shared with the recorder is case content, shown only behind the second factor.
@Suite("R7.1 a forbidden record answers like a missing one; a shared outcome needs the second factor")
struct RecordExistenceTests {
    static let missing = "0192a4b0-0000-7000-8000-00000000abcd"

    @Test func anotherPersonsConcernAnswersExactlyLikeAMissingOne() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Existence Probe Child", by: "reporter").receipt.concernID
            let stranger = try await haven.signIn("activity_lead")
            for (method, template, body) in [
                (HTTPMethod.GET, "/concerns/%@", nil as String?), (.GET, "/receipts/%@", nil),
                (.POST, "/concerns/%@/addenda", "reason=further_information&text=probe"),
            ] {
                var answers: [(HTTPStatus, String)] = []
                for target in [id.description, Self.missing] {
                    var headers = stranger.cookieHeaders
                    if body != nil { headers.add(name: .contentType, value: "application/x-www-form-urlencoded") }
                    let response = try await haven.request(
                        method, String(format: template, target), headers: headers,
                        body: body.map { "\($0)&_csrf=\(stranger.csrf)" })
                    answers.append((response.status, response.body.string.replacingOccurrences(of: target, with: "ID")))
                }
                #expect(answers[0].0 == .notFound && answers[1].0 == .notFound, "\(template): \(answers.map(\.0))")
                #expect(answers[0].1 == answers[1].1, "\(template): the two answers differ")
            }
            for (method, template, json) in [
                (HTTPMethod.GET, "/api/v1/concerns/%@", nil as String?), (.GET, "/api/v1/concerns/%@/receipt", nil),
                (.POST, "/api/v1/concerns/%@/addenda", #"{"reason":"further_information","text":"probe"}"#),
            ] {
                let real = try await haven.api(
                    method, String(format: template, id.description), session: stranger, json: json)
                let absent = try await haven.api(
                    method, String(format: template, Self.missing), session: stranger, json: json)
                #expect(
                    real.status == .notFound && absent.status == .notFound,
                    "\(template): \(real.status) \(absent.status)")
                #expect(real.body.string == absent.body.string)
            }
            let addenda = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.addenda(id, by: nil, after: nil, limit: 10_000)
            }
            #expect(addenda.isEmpty)
        }
    }

    @Test func aSharedOutcomeShowsOnlyBehindTheSecondFactor() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Outcome Child", by: "reporter").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let decided = try await haven.api(
                .POST, "/api/v1/concerns/\(id)/triage", session: dsl,
                json: """
                    {"outcome":"early_help","rationale":"Family asked for support with routines.","threshold":"additional","consulted":"Deputy DSL",
                     "shareWithRecorder":"Thistledown: the family is getting early help."}
                    """)
            #expect(decided.status == .created)
            let passwordOnly = try await haven.signIn("reporter", secondFactor: false)
            let page = try await haven.request(.GET, "/receipts/\(id)", headers: passwordOnly.cookieHeaders)
            #expect(page.status == .ok)
            #expect(!page.body.string.contains("Thistledown"))
            #expect(page.body.string.contains("outcome-needs-code"))
            let api = try await haven.api(.GET, "/api/v1/concerns/\(id)/receipt", session: passwordOnly)
            #expect(!api.body.string.contains("Thistledown"))
            #expect(api.body.string.contains(#""outcomeNeedsSecondFactor":true"#))
            let full = try await haven.signIn("reporter")
            #expect(
                try await haven.request(.GET, "/receipts/\(id)", headers: full.cookieHeaders).body.string.contains(
                    "Thistledown"))
            #expect(
                try await haven.api(.GET, "/api/v1/concerns/\(id)/receipt", session: full).body.string.contains(
                    "Thistledown"))
        }
    }
}
