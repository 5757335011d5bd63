import Foundation
import Testing

@testable import HavenDomain

/// Names go into sentences, emails and notes, set apart by Haven's own isolates: no line breaks,
/// control characters or direction marks of their own.
@Suite("Names in sentences")
struct NameTextTests {
    @Test(arguments: [
        ("Zoë Ashworth-Hughes", false), ("فاطمة الزهراء", false), ("李小龍", false), ("O'Brien & <Ann>", false),
        ("Sam\u{2069} asked to", true), ("Sam\u{202E}kcab", true), ("Sam\u{200F}", true), ("Sam\u{2066}", true),
        ("Sam\u{061C}", true), ("two\nlines", true), ("tab\there", true), ("cr\rhere", true), ("ls\u{2028}here", true),
    ])
    func hiddenCharactersAreFound(_ name: String, _ hidden: Bool) {
        #expect(NameText.hasHiddenCharacters(name) == hidden)
    }

    /// A child's name is shown in the DSL's inbox, lists and search: a direction override could
    /// make one child's name read as another's. Other children and the alleged perpetrator too.
    @Test(arguments: ["Cal\u{202E}evil", "Eve\u{0}x", "Dan\r\nBcc: x@example.org", "Hal\u{2066}x\u{2069}", "Ian\tx"])
    func namesInAConcernAreOneLineWithoutMarks(_ name: String) {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        func fields(_ draft: ConcernDraft) -> [String] { draft.validationErrors(now: now).map(\.field) }
        let child = ConcernDraft(child: ChildDetails(name: name), howItArose: .observed, account: "Seen.")
        #expect(fields(child) == ["child.name"])
        let linked = ConcernDraft(
            child: ChildDetails(name: "Ana"), howItArose: .observed, account: "Seen.",
            linkedChildren: [LinkedChild(name: "Bea", relationship: nil), LinkedChild(name: name, relationship: nil)])
        #expect(fields(linked) == ["linkedChildren[1].name"])
        let perpetrator = ConcernDraft(
            child: ChildDetails(name: "Ana"), howItArose: .observed, account: "Seen.",
            allegedPerpetrator: AllegedPerpetrator(name: name, relationship: nil, worksWithChildren: false))
        #expect(fields(perpetrator) == ["allegedPerpetrator.name"])
        let fine = ConcernDraft(child: ChildDetails(name: "زينب عبد الرحمن"), howItArose: .observed, account: "Seen.")
        #expect(fields(fine).isEmpty)
    }

    @Test func theOrganisationAndASiteAreNamedOnOneLineWithoutMarks() {
        #expect(throws: InvalidInput.self) {
            try OrganisationProfile.validated(
                name: "Riverside\r.\nSubject: x", kind: "voluntary", areas: "Leeds", isEducationSetting: false,
                regulator: nil, hasStatutoryContract: false, settingsProfile: "voluntary",
                secondFactorRequiredForEveryone: false)
        }
        #expect(throws: InvalidInput.self) {
            try Site.validated(id: SiteID(UUID()), name: "Hall\u{2069}", designatedLead: nil)
        }
        #expect(throws: Never.self) {
            try Site.validated(id: SiteID(UUID()), name: "Neuadd y Dref", designatedLead: nil)
        }
    }
}
