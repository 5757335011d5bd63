import Foundation

/// R1.1: what kind of organisation this is.
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case housing, voluntary
    case earlyYears = "early_years"
    case school, sport, health, other

    public var title: Words {
        switch self {
        case .housing: Words("organisation.organisationKind.housing")
        case .voluntary: Words("organisation.organisationKind.voluntary")
        case .earlyYears: Words("organisation.organisationKind.earlyYears")
        case .school: Words("organisation.organisationKind.school")
        case .sport: Words("organisation.organisationKind.sport")
        case .health: Words("organisation.organisationKind.health")
        case .other: Words("organisation.organisationKind.other")
        }
    }
}

/// R1.1: the organisation's profile. The flags change rules elsewhere: an education setting
/// follows the education reference rules (R4.9), a regulated one notifies its regulator of
/// allegations (R4.4), and a statutory contract brings the section 11 duty.
public struct OrganisationProfile: Equatable, Sendable, Codable {
    public var name: String
    public var kind: OrganisationKind
    public var localAuthorityAreas: [String]
    public var isEducationSetting: Bool
    public var regulator: String?
    public var hasStatutoryContract: Bool
    public var settingsProfile: SettingsProfileKind
    public var secondFactorRequiredForEveryone: Bool

    public init(
        name: String, kind: OrganisationKind, localAuthorityAreas: [String], isEducationSetting: Bool,
        regulator: String?, hasStatutoryContract: Bool, settingsProfile: SettingsProfileKind,
        secondFactorRequiredForEveryone: Bool = false
    ) {
        self.name = name
        self.kind = kind
        self.localAuthorityAreas = localAuthorityAreas
        self.isEducationSetting = isEducationSetting
        self.regulator = regulator
        self.hasStatutoryContract = hasStatutoryContract
        self.settingsProfile = settingsProfile
        self.secondFactorRequiredForEveryone = secondFactorRequiredForEveryone
    }

    /// N2: the profile as submitted, checked field by field.
    public static func validated(
        name: String?, kind: String?, areas: String?, isEducationSetting: Bool, regulator: String?,
        hasStatutoryContract: Bool, settingsProfile: String?, secondFactorRequiredForEveryone: Bool
    ) throws -> OrganisationProfile {
        var errors: [FieldError] = []
        let name = cleaned(name)
        if name == nil {
            errors.append(.init(field: "name", message: Words("organisation.name.enterTheOrganisationsName")))
        }
        if let name, NameText.hasHiddenCharacters(name) {
            errors.append(.init(field: "name", message: Words("organisation.name.aNameCantContainLine")))
        }
        let kind = kind.flatMap(OrganisationKind.init(rawValue:))
        if kind == nil {
            errors.append(.init(field: "kind", message: Words("organisation.kind.chooseWhatKindOfOrganisation")))
        }
        let profile = settingsProfile.flatMap(SettingsProfileKind.init(rawValue:))
        if profile == nil {
            errors.append(
                .init(field: "settingsProfile", message: Words("organisation.settingsProfile.chooseASettingsProfile")))
        }
        try InvalidInput.check(errors)
        let areaList = (areas ?? "").split(whereSeparator: { $0 == "," || $0 == "\n" })
            .compactMap { cleaned(String($0)) }
        return OrganisationProfile(
            name: name!, kind: kind!, localAuthorityAreas: areaList, isEducationSetting: isEducationSetting,
            regulator: cleaned(regulator), hasStatutoryContract: hasStatutoryContract, settingsProfile: profile!,
            secondFactorRequiredForEveryone: secondFactorRequiredForEveryone)
    }
}
