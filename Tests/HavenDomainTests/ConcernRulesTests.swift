import Foundation
import Testing

@testable import HavenDomain

@Suite("R2 concerns: validation, nudges, priority")
struct ConcernRulesTests {
    let now = utc("2026-11-23T12:00:00Z")

    func draft(
        name: String? = "Tilly Brennagh", description: String? = nil,
        account: String = String(repeating: "word ", count: 20),
        occurredAt: Date? = nil, location: String? = "club", categories: [ConcernCategory] = [], danger: Bool = false,
        injury: String? = nil
    ) -> ConcernDraft {
        ConcernDraft(
            child: ChildDetails(name: name, description: description), howItArose: .observed, occurredAt: occurredAt,
            location: location, account: account, injury: injury, categories: categories, immediateDanger: danger)
    }

    @Test func aChildNeedsANameOrDescription() {
        #expect(draft(name: nil).validationErrors(now: now).map(\.field) == ["child.name"])
        #expect(draft(name: "  ", description: "girl in red coat, about 8").validationErrors(now: now).isEmpty)
    }

    @Test func everyProblemIsReportedAtOnceWithItsField() {
        let bad = ConcernDraft(
            child: ChildDetails(dateOfBirth: "2019-02-30", approximateAge: 40), howItArose: .observed,
            occurredAt: now.addingTimeInterval(3600), account: " ",
            linkedChildren: [LinkedChild(name: " ", relationship: nil)])
        #expect(
            bad.validationErrors(now: now).map(\.field) == [
                "child.name", "child.dateOfBirth", "child.approximateAge", "account", "occurredAt",
                "linkedChildren[0].name",
            ])
    }

    /// When it happened: not in the future, and not before 1900 (a year typed wrong), but an
    /// adult's account of harm long ago is taken.
    @Test(arguments: [
        ("1899-12-31T23:59:59Z", ["occurredAt"]), ("1900-01-01T00:00:00Z", []), ("1962-06-01T12:00:00Z", []),
        ("2026-11-23T12:04:00Z", []), ("2026-11-23T12:06:00Z", ["occurredAt"]),
        ("0026-11-23T12:00:00Z", ["occurredAt"]),
    ])
    func whenItHappened(_ when: String, _ fields: [String]) throws {
        let moment = try #require(ISO8601DateFormatter().date(from: when))
        #expect(draft(occurredAt: moment).validationErrors(now: now).map(\.field) == fields, "\(when)")
    }

    @Test func nudgesWarnButNeverBlock() {
        let thin = draft(name: "J.S.", account: "bruise", location: nil)
        #expect(thin.validationErrors(now: now).isEmpty)
        #expect(DataQualityNudge.nudges(for: thin).map(\.field) == ["child.name", "account", "occurredAt", "location"])
        #expect(DataQualityNudge.nudges(for: draft(occurredAt: now)).isEmpty)
    }

    /// The "account is very short" nudge counts words however they are spaced, and stops at twelve.
    static let wordCounts: [(String, Bool)] = [
        ("", false), ("   ", false), ("one two three four five six seven eight nine ten eleven", false),
        ("one two three four five six seven eight nine ten eleven twelve", true),
        ("  one\ttwo\nthree   four\u{00A0}five six seven eight nine ten eleven twelve  ", true),
        ("Elle a dit « papa » m’a frappé hier soir après le dîner, à la maison, vers neuf heures", true),
    ]

    @Test(arguments: wordCounts)
    func shortAccountsAreCountedInWords(text: String, twelveOrMore: Bool) {
        #expect(DataQualityNudge.hasWords(12, in: text) == twelveOrMore)
        #expect(
            DataQualityNudge.hasWords(12, in: text) == (text.split(whereSeparator: { $0.isWhitespace }).count >= 12))
    }

    /// Free text is trimmed of exactly what Foundation's `.whitespacesAndNewlines` would trim.
    static let untrimmed = [
        "", " ", "\n\t ", "word", "  both ends \n", "\u{00A0}nbsp\u{3000}", "inner  spaces kept",
        "\u{2028}line sep\u{2029}", "e\u{0301} ", " 👩‍👧 ", "\u{85}next line\u{0B}",
    ]

    @Test(arguments: untrimmed)
    func trimmingMatchesFoundation(text: String) {
        #expect(trimmed(text) == text.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(
            cleaned(text)
                == {
                    let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    return t.isEmpty ? nil : t
                }())
    }

    static let initials: [(String, Bool)] = [
        ("J.S.", true), ("JS", true), ("J S", true), ("Jo", false), ("Jo Smith", false), ("ABC", true), ("Amy", false),
    ]

    @Test(arguments: initials)
    func initialsAreRecognised(name: String, expected: Bool) {
        #expect(DataQualityNudge.looksLikeInitials(name) == expected)
    }

    @Test func priorityFollowsDangerInjuryAndCategory() {
        #expect(draft(danger: true).priority == .urgent)
        #expect(draft(injury: "bruise").priority == .high)
        #expect(draft(categories: [.sexualAbuse]).priority == .high)
        #expect(draft(categories: [.neglect]).priority == .normal)
    }

    @Test func categoriesAreDeduplicatedAndEachHasItsOwnDefinition() {
        #expect(draft(categories: [.neglect, .neglect, .fgm]).categories == [.neglect, .fgm])
        let definitions = ConcernCategory.allCases.map(\.definition)
        #expect(Set(definitions).count == ConcernCategory.allCases.count)
        #expect(ConcernCategory.allCases.count == 22)
    }

    @Test func everySettingCanBeChangedWithinSafeLimits() throws {
        let defaults = SettingsProfile.defaults(for: .sport)
        let changed = try defaults.changed(
            triageTargetWorkingDays: "1", trainingRefreshYears: "2", concernRetentionYears: "25",
            childAgeLimit: "21", categories: ["neglect", "physical_abuse"])
        #expect(changed.triageTargetWorkingDays == 1 && changed.trainingRefreshYears == 2)
        #expect(changed.concernRetentionYears == 25 && changed.childAgeLimit == 21)
        #expect(changed.categories == [.physicalAbuse, .neglect, .other])
        do {
            _ = try defaults.changed(
                triageTargetWorkingDays: "-1", trainingRefreshYears: "x", concernRetentionYears: "5",
                childAgeLimit: "16", categories: ["made_up"])
            Issue.record("out-of-range settings were accepted")
        } catch let error as InvalidInput {
            #expect(
                error.errors.map(\.field) == [
                    "triageTargetWorkingDays", "trainingRefreshYears", "concernRetentionYears", "childAgeLimit",
                    "categories",
                ])
        }
    }

    @Test func settingsProfilesPreloadDefaults() {
        #expect(SettingsProfile.defaults(for: .voluntary).concernRetentionYears == 6)
        #expect(SettingsProfile.defaults(for: .school).categories.count == ConcernCategory.allCases.count)
        #expect(!SettingsProfile.defaults(for: .earlyYears).categories.contains(.radicalisation))
        #expect(
            SettingsProfileKind.allCases.allSatisfy { SettingsProfile.defaults(for: $0).triageTargetWorkingDays == 0 })
    }

    /// Ids begin with the millisecond they were made; the reference must come from the random end.
    @Test func referencesComeFromTheRandomEndOfTheId() throws {
        let sameMoment = try [
            #require(UUID(uuidString: "019ab5e1-2c3d-7aaa-8bbb-0000c0ffee01")),
            #require(UUID(uuidString: "019ab5e1-2c3d-7aaa-8bbb-00000badf00d")),
        ]
        #expect(sameMoment.map { Concern.reference(for: ConcernID($0)) } == ["HVN-C0FFEE01", "HVN-0BADF00D"])
    }
}
