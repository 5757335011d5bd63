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
