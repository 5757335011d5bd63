import Foundation
import HavenDomain
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 11.5: a triage decision is described once. The form and the API read the same answers
/// with the same rules: a time with its offset or a local time where the organisation is, and an
/// answer that is not a time is refused naming its field, never quietly replaced by "now".
@Suite("A triage decision reads the same from the form and the API")
struct TriageAnswersTests {
    static let adviceSought: [(String, String)] = [
        ("outcome", "advice_sought"), ("rationale", "Spoke to the front door before deciding."),
        ("threshold", "additional"), ("consulted", "Children's services front door"),
        ("adviceGivenBy", "Duty social worker"), ("advice", "Monitor and record; call back if it recurs."),
    ]

    func json(_ fields: [(String, String)]) throws -> String {
        let object = Dictionary(fields, uniquingKeysWith: { $1 })
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// When the advice was given, as each of the form and the API sends it, and the moment it
    /// means: a summer local time is an hour ahead of UTC where the organisation is.
    static let times: [(String, String?)] = [
        ("2026-07-01T10:00", "2026-07-01T09:00:00Z"),
        ("2026-07-01T10:00:00+01:00", "2026-07-01T09:00:00Z"),
        ("2026-07-01T09:00:00Z", "2026-07-01T09:00:00Z"),
        ("last Tuesday", nil),
        ("2026-02-30T10:00", nil),
    ]

    @Test(arguments: 0..<times.count)
    func adviceTimes(index: Int) async throws {
        let (sent, meant) = Self.times[index]
        try await TestHaven.with(.sqlite) { haven in
            let dsl = try await haven.signIn("dsl")
            let answers = Self.adviceSought + [("adviceGivenAt", sent)]
            let byForm = try await haven.recordConcern(about: "Form Triage Child").receipt.concernID
            let form = try await haven.postForm("/concerns/\(byForm)/triage", answers, session: dsl)
            let byAPI = try await haven.recordConcern(about: "API Triage Child").receipt.concernID
            let api = try await haven.api(
                .POST, "/api/v1/concerns/\(byAPI)/triage", session: dsl, json: try json(answers))
            let decided = try await haven.env.unitOfWork.read { tx in
                (try await tx.cases.decisions(byForm), try await tx.cases.decisions(byAPI))
            }
            if let meant {
                let moment = try #require(ISO8601DateFormatter().date(from: meant))
                #expect(form.status == .seeOther, "form \(sent) → \(form.status)")
                #expect(api.status == .created, "API \(sent) → \(api.status) \(api.body.string)")
                #expect(decided.0.map { $0.advice?.givenAt } == [moment])
                #expect(decided.1.map { $0.advice?.givenAt } == [moment])
                // The concern page says when the advice was given, in the organisation's time.
                let page = try await haven.request(.GET, "/concerns/\(byForm)", headers: dsl.cookieHeaders)
                #expect(page.body.string.contains("Wed 1 Jul 2026, 10:00"), "\(sent)")
                // So does the child's chronology, with the advice itself.
                let concern = try await haven.api(.GET, "/api/v1/concerns/\(byForm)", session: dsl).body.string
                let child = try #require(concern.firstMatch(of: /"childID":"([^"]+)"/)?.1)
                let chronology = try await haven.openedChronology(of: String(child), session: dsl)
                #expect(chronology.contains("Advice from Duty social worker (Wed 1 Jul 2026, 10:00)"), "\(chronology)")
                #expect(chronology.contains("Monitor and record; call back if it recurs."))
            } else {
                #expect(form.status == .unprocessableEntity, "form \(sent) → \(form.status)")
                #expect(form.body.string.problemLinks == ["adviceGivenAt"])
                #expect(form.body.string.marksInvalid("adviceGivenAt"))
                #expect(api.status == .unprocessableEntity, "API \(sent) → \(api.status)")
                #expect(api.body.string.contains(#""field":"adviceGivenAt""#))
                #expect(decided.0.isEmpty && decided.1.isEmpty)
            }
        }
    }

    /// R3.1 (issue 12.7): advice can be sought without naming the child, and the record says so
    /// wherever the decision is read; a decision that does not say so named the child.
    @Test(arguments: TestDatabaseKind.available)
    func aConsultationCanLeaveTheChildUnnamed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let dsl = try await haven.signIn("dsl")
            let byForm = try await haven.recordConcern(about: "No Names Form Child").receipt.concernID
            let form = try await haven.postForm(
                "/concerns/\(byForm)/triage", Self.adviceSought + [("adviceChildNotNamed", "on")], session: dsl)
            #expect(form.status == .seeOther)
            let byAPI = try await haven.recordConcern(about: "No Names API Child").receipt.concernID
            var body = Dictionary(Self.adviceSought, uniquingKeysWith: { $1 }) as [String: Any]
            body["adviceChildNotNamed"] = "maybe"
            func send() async throws -> TestingHTTPResponse {
                let json = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
                return try await haven.api(.POST, "/api/v1/concerns/\(byAPI)/triage", session: dsl, json: json)
            }
            let refused = try await send()
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains(#""field":"adviceChildNotNamed""#))
            body["adviceChildNotNamed"] = true
            #expect(try await send().status == .created)
            let named = try await haven.recordConcern(about: "Named Advice Child").receipt.concernID
            #expect(
                try await haven.postForm("/concerns/\(named)/triage", Self.adviceSought, session: dsl).status
                    == .seeOther)
            let decided = try await haven.env.unitOfWork.read { tx in
                [
                    try await tx.cases.decisions(byForm), try await tx.cases.decisions(byAPI),
                    try await tx.cases.decisions(named),
                ].map { $0.map { $0.advice?.childNamed } }
            }
            #expect(decided == [[false], [false], [true]])
            // The concern page, the API and the chronology say the child was not named.
            let page = try await haven.request(.GET, "/concerns/\(byForm)", headers: dsl.cookieHeaders).body.string
            #expect(page.contains("the child was not named)"))
            let other = try await haven.request(.GET, "/concerns/\(named)", headers: dsl.cookieHeaders).body.string
            #expect(!other.contains("the child was not named)"))
            let concern = try await haven.api(.GET, "/api/v1/concerns/\(byForm)", session: dsl).body.string
            #expect(concern.contains(#""childNamed":false"#))
            let child = try #require(concern.firstMatch(of: /"childID":"([^"]+)"/)?.1)
            let chronology = try await haven.openedChronology(of: String(child), session: dsl)
            #expect(chronology.contains("the child was not named): Monitor and record"))
        }
    }

    /// The triage form asks when the advice was given, as a local date and time.
    @Test func theFormAsksWhenTheAdviceWasGiven() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let dsl = try await haven.signIn("dsl")
            let id = try await haven.recordConcern(about: "Advice Field Child").receipt.concernID
            let page = try await haven.request(.GET, "/concerns/\(id)", headers: dsl.cookieHeaders).body.string
            #expect(page.contains(#"<input id="adviceGivenAt" name="adviceGivenAt" type="datetime-local""#))
            #expect(page.contains(#"<label for="adviceGivenAt">"#))
        }
    }

    /// A review date is a calendar day: the action it sets is due that day wherever the
    /// organisation is, and the API gives it back as the day it was entered.
    @Test func aReviewDateIsTheDayEntered() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let dsl = try await haven.signIn("dsl")
            let id = try await haven.recordConcern(about: "Review Day Child").receipt.concernID
            // A day already gone (the clock is in November 2026) is refused, naming the field,
            // with the answers kept; nothing is decided.
            let past = try await haven.postForm(
                "/concerns/\(id)/triage",
                [
                    ("outcome", "keep_under_review"), ("rationale", "Watching closely."), ("threshold", "universal"),
                    ("consulted", "nobody"), ("reviewDate", "2026-07-01"),
                ], session: dsl)
            #expect(past.status == .unprocessableEntity)
            #expect(past.body.string.problemLinks == ["reviewDate"])
            #expect(past.body.string.keptValue("rationale") == "Watching closely.")
            #expect(try await haven.env.unitOfWork.read { tx in try await tx.cases.decisions(id) }.isEmpty)
            let response = try await haven.postForm(
                "/concerns/\(id)/triage",
                [
                    ("outcome", "keep_under_review"), ("rationale", "Watching closely."), ("threshold", "universal"),
                    ("consulted", "nobody"), ("reviewDate", "2027-01-15"),
                ], session: dsl)
            #expect(response.status == .seeOther)
            let decisions = try await haven.env.unitOfWork.read { tx in try await tx.cases.decisions(id) }
            #expect(decisions.map(\.reviewDate) == [Day(iso: "2027-01-15")])
        }
    }
}
