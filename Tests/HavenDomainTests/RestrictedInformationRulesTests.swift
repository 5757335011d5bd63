import Foundation
import HavenDomain
import Testing

/// R7.1: what can be kept in confidence, and the reasons for reading it.
@Suite("R7.1 restricted information rules")
struct RestrictedInformationRulesTests {
    static let cases: [(text: String?, errors: [String])] = [
        ("She told me she is gay.", []),
        ("   ", ["text"]),
        (nil, ["text"]),
        (String(repeating: "x", count: RestrictedInformation.textLimit), []),
        (String(repeating: "x", count: RestrictedInformation.textLimit + 1), ["text"]),
        ("see data:image/png;base64,iVBORw0KGgo=", ["text"]),
        ("\u{0}", ["text"]), ("She said\u{7}so.", ["text"]), ("Two\nlines\tand a tab.", []),
    ]

    @Test(arguments: 0..<cases.count)
    func whatCanBeKept(index: Int) {
        let (text, expected) = Self.cases[index]
        do {
            _ = try RestrictedInformation.validated(text: text, field: "text")
            #expect(expected.isEmpty)
        } catch let invalid as InvalidInput {
            #expect(invalid.errors.map(\.field) == expected)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    static let reasons: [(purpose: String?, note: String?, field: String?)] = [
        ("protect_the_child", nil, nil), ("child_agreed", nil, nil), ("case_review", "annual", nil),
        (nil, nil, "reason"), ("curious", nil, "reason"), ("other", nil, "reasonNote"),
        ("other", "court order", nil), ("other", String(repeating: "n", count: 201), "reasonNote"),
        // A file-opening purpose is not a reason to read what a child shared in confidence.
        ("supervision", nil, "reason"),
    ]

    @Test(arguments: 0..<reasons.count)
    func eachReadingNeedsAReason(index: Int) {
        let (purpose, note, field) = Self.reasons[index]
        do {
            let reason = try RestrictedReadingReason.validated(purpose: purpose, note: note)
            #expect(field == nil)
            // As the access log reads it back, in words: never a code.
            let words = AuditReason.words(recorded: reason.text)
            #expect(words == reason.purpose.title || note != nil)
        } catch let invalid as InvalidInput {
            #expect(invalid.errors.map(\.field) == [field].compactMap { $0 })
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func onlyTheLeadsWithTheSecondFactor() {
        let person = PersonID(UUID())
        for (roles, passed, decision) in [
            ([Role.dsl], true, AccessDecision.allowed), ([.deputyDSL], true, .allowed),
            ([.dsl], false, .needsSecondFactor), ([.lineManager], true, .denied), ([.administrator], true, .denied),
            ([.reporter], true, .denied),
        ] as [([Role], Bool, AccessDecision)] {
            let actor = Actor(person: person, roles: Set(roles), secondFactorPassed: passed)
            #expect(AccessPolicy.decide(.handleRestricted, for: actor) == decision, "\(roles)")
        }
    }
}
