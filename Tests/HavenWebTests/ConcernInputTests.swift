import Foundation
import HavenDomain
import Testing
import Vapor

@testable import HavenWeb

/// N2, R2.1: a concern is described once. The recording form and the API are read into the same
/// type, by the same names and rules, so the same answers make the same draft and the same
/// mistakes are named by the same fields.
@Suite("R2.1 the form and the API read a concern the same way")
struct ConcernInputTests {
    static let london = TimeZone(identifier: "Europe/London")!

    static func fromForm(_ body: String) throws -> ConcernInput {
        try URLEncodedFormDecoder().decode(ConcernInput.self, from: body)
    }

    static func fromJSON(_ body: String) throws -> ConcernInput {
        try JSONDecoder().decode(ConcernInput.self, from: Data(body.utf8))
    }

    @Test func theSameAnswersMakeTheSameDraft() throws {
        let form = [
            "child.name=%D9%85%D8%AD%D9%85%D8%AF%20Jones", "child.approximateAge=8", "child.school=Hill%20Primary",
            "howItArose=observed", "occurredAt=2026-07-10T15:04",
            "account=She%20said%20%22not%20again%22.", "categories[]=neglect", "categories[]=physical_abuse",
            "immediateDanger=on", "linkedChildren=Ben%20-%20brother%0D%0AZed", "allegedPerpetrator.name=Mr%20X",
            "allegedPerpetrator.worksWithChildren=on", "reportedFacts[]=account", "reportedFacts[]=injury",
        ].joined(separator: "&")
        let json = """
            {"child":{"name":"محمد Jones","approximateAge":8,"school":"Hill Primary"},"howItArose":"observed",
             "occurredAt":"2026-07-10T15:04","account":"She said \\"not again\\".",
             "categories":["neglect","physical_abuse"],"immediateDanger":true,
             "linkedChildren":[{"name":"Ben","relationship":"brother"},{"name":"Zed"}],
             "allegedPerpetrator":{"name":"Mr X","worksWithChildren":true},"accountProvenance":"reported",
             "reportedFacts":["injury"]}
            """
        let fromForm = try Self.fromForm(form).draft(timeZone: Self.london)
        let fromJSON = try Self.fromJSON(json).draft(timeZone: Self.london)
        #expect(fromForm == fromJSON)
        // A local time is the organisation's: 15:04 in London in July is 14:04 UTC.
        #expect(fromJSON.occurredAt == ISO8601DateFormatter().date(from: "2026-07-10T14:04:00Z"))
        #expect(fromJSON.child.approximateAge == 8 && fromJSON.immediateDanger)
        #expect(fromJSON.linkedChildren.map(\.name) == ["Ben", "Zed"])
        #expect(fromJSON.allegedPerpetrator?.worksWithChildren == true)
        // R2.1: the account told to the recorder, the API's first way or in the list.
        #expect(fromJSON.reportedFacts == [.account, .injury])
        #expect(fromJSON.provenance(of: .whoWasPresent) == .firstHand)
        // A time with its offset is taken as given, from either.
        let exact = try Self.fromJSON(#"{"howItArose":"observed","occurredAt":"2026-07-10T15:04:00Z"}"#)
            .draft(timeZone: Self.london)
        #expect(exact.occurredAt == ISO8601DateFormatter().date(from: "2026-07-10T15:04:00Z"))
        // An unticked box is absent from a form, and false in JSON.
        #expect(try !Self.fromForm("howItArose=observed").draft(timeZone: Self.london).immediateDanger)
        #expect(
            try !Self.fromJSON(#"{"howItArose":"observed","immediateDanger":false}"#).draft(timeZone: Self.london)
                .immediateDanger)
    }

    @Test func theSameMistakesAreNamedTheSame() throws {
        let form =
            "child.approximateAge=eight&howItArose=guessing&occurredAt=yesterday&immediateDanger=maybe&categories[]=bad"
        let json = """
            {"child":{"approximateAge":"eight"},"howItArose":"guessing","occurredAt":"yesterday",
             "immediateDanger":"maybe","categories":["bad"]}
            """
        func fields(_ input: ConcernInput) -> [String] {
            do {
                _ = try input.draft(timeZone: Self.london)
                return []
            } catch let invalid as InvalidInput {
                return invalid.errors.map(\.field)
            } catch { return ["\(error)"] }
        }
        // In the order the form asks them.
        let expected = ["immediateDanger", "child.approximateAge", "howItArose", "occurredAt", "categories[0]"]
        #expect(fields(try Self.fromForm(form)) == expected)
        #expect(fields(try Self.fromJSON(json)) == expected)
    }

    /// Issue 12.5: other children come one per row, a hyphenated name whole and an empty row
    /// skipped; in an older form's text box, only a spaced hyphen separates the relationship.
    @Test func otherChildrenComeOnePerRow() throws {
        let rows = try Self.fromForm(
            "howItArose=observed&linkedChild1.name=Sam%20Lee-Park&linkedChild1.relationship=brother"
                + "&linkedChild2.name=&linkedChild2.relationship=&linkedChild3.name=Ola"
        ).draft(timeZone: Self.london).linkedChildren
        #expect(
            rows == [
                LinkedChild(name: "Sam Lee-Park", relationship: "brother"), LinkedChild(name: "Ola", relationship: nil),
            ])
        let lines = try Self.fromForm("howItArose=observed&linkedChildren=Sam%20Lee-Park%20-%20half-brother")
            .draft(timeZone: Self.london).linkedChildren
        #expect(lines == [LinkedChild(name: "Sam Lee-Park", relationship: "half-brother")])
    }

    /// Answers of the wrong shape are named by their whole field, all at once, never read as
    /// something else (a form field in brackets once became a child called "false").
    @Test func answersOfTheWrongShapeAreNamedNotGuessed() throws {
        #expect(
            Self.errors(
                try Self.fromJSON(
                    #"{"howItArose":"observed","account":{"n":1},"child":{"name":{"x":1},"approximateAge":3.5}}"#))
                == ["child.name", "child.approximateAge", "account"])
        let brackets = Self.errors(try Self.fromForm("howItArose=observed&child.name[x]=a&immediateDanger[x]=on"))
        #expect(brackets.contains("child.name") && brackets.contains("immediateDanger"), "\(brackets)")
        #expect(Self.errors(try Self.fromJSON(#"{"howItArose":"observed","child":"Sam"}"#)).first == "child")
        #expect(
            Self.errors(try Self.fromJSON(#"{"howItArose":"observed","child":{"name":"A"},"child.name":"B"}"#)).first
                == "child")
        #expect(Self.errors(try Self.fromForm("howItArose=observed&child=x&child.name=Bar")).first == "child")
        #expect(
            Self.errors(try Self.fromJSON(#"{"howItArose":"observed","categories":"neglect"}"#)).first == "categories")
        #expect(
            Self.errors(try Self.fromJSON(#"{"howItArose":"observed","linkedChildren":5}"#)).first == "linkedChildren")
        // Text is read as the form's box is, one child a line.
        #expect(
            try Self.fromJSON(#"{"howItArose":"observed","linkedChildren":"Ben - brother"}"#).draft(
                timeZone: Self.london
            ).linkedChildren == [LinkedChild(name: "Ben", relationship: "brother")])
    }

    /// Someone is recorded as having caused harm only when named, described, or said to work
    /// with children: a browser's blank fields name nobody.
    @Test func theAllegedPerpetratorIsKeptOnlyWhenSomeoneIsDescribed() throws {
        let blank = try Self.fromForm("howItArose=observed&allegedPerpetrator.name=&allegedPerpetrator.relationship=")
        #expect(try blank.draft(timeZone: Self.london).allegedPerpetrator == nil)
        let flagOnly = try Self.fromJSON(#"{"howItArose":"observed","allegedPerpetrator":{"worksWithChildren":true}}"#)
        #expect(try flagOnly.draft(timeZone: Self.london).allegedPerpetrator?.worksWithChildren == true)
        let ticked = try Self.fromForm(
            "howItArose=observed&allegedPerpetrator.name=&allegedPerpetrator.worksWithChildren=on")
        #expect(try ticked.draft(timeZone: Self.london) == flagOnly.draft(timeZone: Self.london))
    }

    static func errors(_ input: ConcernInput) -> [String] {
        do {
            _ = try input.draft(timeZone: london)
            return []
        } catch let invalid as InvalidInput {
            return invalid.errors.map(\.field)
        } catch { return ["\(error)"] }
    }
}
