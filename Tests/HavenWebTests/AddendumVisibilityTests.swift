import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 10.5: a recorder may open their own concern, but what the safeguarding team added to it
/// is not theirs to read. Those handling the concern see every addendum; anyone else sees only
/// the addenda they wrote.
@Suite("R7.1 addenda are seen by those handling the concern, and by their own author")
struct AddendumVisibilityTests {
    static let dslNote = "Strategy discussion with police: Larkspur"
    static let recorderNote = "I remembered she also mentioned her brother: Hollyhock"

    @Test func aRecorderSeesOnlyTheirOwnAddendaInPagesAndTheAPI() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Addendum Visibility Child", by: "reporter").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            let reporter = try await haven.signIn("reporter")
            #expect(
                try await haven.postForm(
                    "/concerns/\(id)/addenda", [("reason", "further_information"), ("text", Self.dslNote)], session: dsl
                ).status == .seeOther)
            #expect(
                try await haven.api(
                    .POST, "/api/v1/concerns/\(id)/addenda", session: reporter,
                    json: #"{"reason":"further_information","text":"\#(Self.recorderNote)"}"#
                ).status == .created)

            let page = try await haven.request(.GET, "/concerns/\(id)", headers: reporter.cookieHeaders)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Addendum Visibility Child"))  // the recorder does see their concern
            #expect(page.body.string.contains("Hollyhock"))
            #expect(!page.body.string.contains("Larkspur"))
            let api = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: reporter)
            #expect(api.status == .ok)
            #expect(api.body.string.contains("Hollyhock"))
            #expect(!api.body.string.contains("Larkspur"))

            // The DSL, handling it, sees both.
            let lead = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: dsl).body.string
            #expect(lead.contains("Larkspur") && lead.contains("Hollyhock"))
        }
    }

    @Test func aDelegateHandlingTheConcernSeesEveryAddendum() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let id = try await haven.recordConcern(about: "Delegated Addendum Child", by: "reporter").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            #expect(
                try await haven.postForm(
                    "/concerns/\(id)/addenda", [("reason", "further_information"), ("text", Self.dslNote)], session: dsl
                ).status == .seeOther)
            #expect(
                try await haven.api(
                    .POST, "/api/v1/concerns/\(id)/delegation", session: dsl,
                    json: #"{"delegate":"\#(haven.people["line_manager"]!.id)"}"#
                ).status == .noContent)
            let manager = try await haven.signIn("line_manager")
            let page = try await haven.api(.GET, "/api/v1/concerns/\(id)", session: manager)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Larkspur"))
        }
    }
}
