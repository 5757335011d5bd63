import Testing

@testable import HavenDomain

/// Modules add their own audit actions and chronology kinds; these keep them from colliding.
@Suite("Module vocabularies")
struct VocabularyTests {
    @Test func noTwoAuditActionsShareAName() {
        let names = DomainModules.all.flatMap(\.auditActions).map(\.rawValue)
        #expect(
            Set(names).count == names.count,
            "declared twice: \(names.filter { name in names.filter { $0 == name }.count > 1 })")
        #expect(names.count >= 40)
    }

    @Test func noTwoSubjectTypesShareAName() {
        let names = DomainModules.all.flatMap(\.subjectTypes).map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(names.contains("concern") && names.contains("person"))
    }

    @Test func everyActionReadBackFromTheLogIsKnownByItsModule() throws {
        for module in DomainModules.all {
            for action in module.auditActions {
                #expect(AuditAction(rawValue: action.rawValue)?.logged == action.logged, "\(module.module): \(action)")
            }
        }
        #expect(AuditAction(rawValue: "referral.made") == nil)
        let english = try Catalogues.bundled().english
        #expect(
            AuditAction(rawValue: "concern.read")?.logged.map { english.text($0, timeZone: .gmt) }
                == "opened the concern")
    }

    @Test func chronologyKindsHaveTheirOwnNamesAndPlaces() {
        let kinds = DomainModules.all.flatMap(\.chronologyKinds)
        #expect(Set(kinds.map(\.rawValue)).count == kinds.count)
        #expect(
            Set(kinds.map(\.rank)).count == kinds.count,
            "two kinds share a rank, so entries at the same moment have no order")
        #expect(kinds.count == 7)
    }
}
