import Foundation
import HavenDomain

/// How the organisation's profile is kept (`organisation_settings.profile`), version 1.
struct OrganisationProfileV1: Codable {
    let name: String
    let kind: OrganisationKind
    let localAuthorityAreas: [String]
    let isEducationSetting: Bool
    let regulator: String?
    let hasStatutoryContract: Bool
    let settingsProfile: SettingsProfileKind
    let secondFactorRequiredForEveryone: Bool

    init(_ profile: OrganisationProfile) {
        name = profile.name
        kind = profile.kind
        localAuthorityAreas = profile.localAuthorityAreas
        isEducationSetting = profile.isEducationSetting
        regulator = profile.regulator
        hasStatutoryContract = profile.hasStatutoryContract
        settingsProfile = profile.settingsProfile
        secondFactorRequiredForEveryone = profile.secondFactorRequiredForEveryone
    }

    var profile: OrganisationProfile {
        OrganisationProfile(
            name: name, kind: kind, localAuthorityAreas: localAuthorityAreas, isEducationSetting: isEducationSetting,
            regulator: regulator, hasStatutoryContract: hasStatutoryContract, settingsProfile: settingsProfile,
            secondFactorRequiredForEveryone: secondFactorRequiredForEveryone)
    }

    static func encode(_ profile: OrganisationProfile) throws -> String {
        try JSONColumn.encode(OrganisationProfileV1(profile))
    }
    static func decode(_ text: String) throws -> OrganisationProfile {
        try JSONColumn.decode(OrganisationProfileV1.self, text).profile
    }
}

/// How the organisation's settings are kept (`organisation_settings.settings`), version 1.
struct SettingsProfileV1: Codable {
    let kind: SettingsProfileKind
    let categories: [ConcernCategory]
    let triageTargetWorkingDays: Int
    let trainingRefreshYears: Int
    let concernRetentionYears: Int
    let childAgeLimit: Int

    init(_ settings: SettingsProfile) {
        kind = settings.kind
        categories = settings.categories
        triageTargetWorkingDays = settings.triageTargetWorkingDays
        trainingRefreshYears = settings.trainingRefreshYears
        concernRetentionYears = settings.concernRetentionYears
        childAgeLimit = settings.childAgeLimit
    }

    var settings: SettingsProfile {
        SettingsProfile(
            kind: kind, categories: categories, triageTargetWorkingDays: triageTargetWorkingDays,
            trainingRefreshYears: trainingRefreshYears, concernRetentionYears: concernRetentionYears,
            childAgeLimit: childAgeLimit)
    }

    static func encode(_ settings: SettingsProfile) throws -> String {
        try JSONColumn.encode(SettingsProfileV1(settings))
    }
    static func decode(_ text: String) throws -> SettingsProfile {
        try JSONColumn.decode(SettingsProfileV1.self, text).settings
    }
}

/// How a person's roles are kept (`people.roles`), version 1: each role with when it started and
/// ended.
struct RoleAssignmentV1: Codable {
    let role: Role
    let starts: Date
    let ends: Date?

    static func encode(_ assignments: [RoleAssignment]) throws -> String {
        try JSONColumn.encode(assignments.map { RoleAssignmentV1(role: $0.role, starts: $0.starts, ends: $0.ends) })
    }
    static func decode(_ text: String) throws -> [RoleAssignment] {
        try JSONColumn.decode([RoleAssignmentV1].self, text).map {
            RoleAssignment(role: $0.role, starts: $0.starts, ends: $0.ends)
        }
    }
}
