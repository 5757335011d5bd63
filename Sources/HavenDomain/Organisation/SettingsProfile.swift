/// R1.7: the kind of setting whose sensible defaults an organisation starts from.
public enum SettingsProfileKind: String, CaseIterable, Codable, Sendable {
    case school
    case earlyYears = "early_years"
    case voluntary, housing, sport

    public var title: Words {
        switch self {
        case .school: Words("organisation.settingsProfileKind.school")
        case .earlyYears: Words("organisation.settingsProfileKind.earlyYears")
        case .voluntary: Words("organisation.settingsProfileKind.voluntary")
        case .housing: Words("organisation.settingsProfileKind.housing")
        case .sport: Words("organisation.settingsProfileKind.sport")
        }
    }
}

/// R1.7: the defaults a setting type preloads. Every value can be changed by the organisation.
public struct SettingsProfile: Equatable, Sendable, Codable {
    public var kind: SettingsProfileKind
    /// R2.2: which categories the recording form offers.
    public var categories: [ConcernCategory]
    /// R3.1: working days allowed before an untriaged concern shows as late (0 = same working day).
    public var triageTargetWorkingDays: Int
    /// R5.3: years before basic and DSL training must be refreshed.
    public var trainingRefreshYears: Int
    /// R7.2: minimum years a concern is kept after its case closes.
    public var concernRetentionYears: Int
    /// Children up to this age (exclusive) are in scope; an adult disclosing childhood abuse is always heard.
    public var childAgeLimit: Int

    public init(
        kind: SettingsProfileKind, categories: [ConcernCategory], triageTargetWorkingDays: Int,
        trainingRefreshYears: Int, concernRetentionYears: Int, childAgeLimit: Int
    ) {
        self.kind = kind
        self.categories = categories
        self.triageTargetWorkingDays = triageTargetWorkingDays
        self.trainingRefreshYears = trainingRefreshYears
        self.concernRetentionYears = concernRetentionYears
        self.childAgeLimit = childAgeLimit
    }

    /// R1.7: the organisation's own values, checked field by field. Unknown categories are refused;
    /// at least one category must stay on, and "other" always does.
    public func changed(
        triageTargetWorkingDays: String?, trainingRefreshYears: String?, concernRetentionYears: String?,
        childAgeLimit: String?, categories: [String]
    ) throws -> SettingsProfile {
        var errors: [FieldError] = []
        func number(_ text: String?, _ field: String, _ range: ClosedRange<Int>, _ message: Words) -> Int {
            guard let value = text.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }), range.contains(value)
            else {
                errors.append(.init(field: field, message: message))
                return range.lowerBound
            }
            return value
        }
        let target = number(
            triageTargetWorkingDays, "triageTargetWorkingDays", 0...5,
            Words("organisation.triageTargetWorkingDays.range"))
        let training = number(
            trainingRefreshYears, "trainingRefreshYears", 1...5, Words("organisation.trainingRefreshYears.range"))
        let retention = number(
            concernRetentionYears, "concernRetentionYears", 6...100, Words("organisation.concernRetentionYears.range"))
        let age = number(childAgeLimit, "childAgeLimit", 18...25, Words("organisation.childAgeLimit.range"))
        var chosen: [ConcernCategory] = []
        for raw in categories {
            guard let category = ConcernCategory(rawValue: raw) else {
                errors.append(
                    .init(field: "categories", message: Words("organisation.categories.oneOfTheCategoriesIs")))
                continue
            }
            chosen.append(category)
        }
        if !chosen.contains(.other) { chosen.append(.other) }
        try InvalidInput.check(errors)
        return SettingsProfile(
            kind: kind, categories: ConcernCategory.allCases.filter(chosen.contains), triageTargetWorkingDays: target,
            trainingRefreshYears: training, concernRetentionYears: retention, childAgeLimit: age)
    }

    /// R1.7: the defaults for a setting type.
    public static func defaults(for kind: SettingsProfileKind) -> SettingsProfile {
        let all = ConcernCategory.allCases
        switch kind {
        case .school:
            // Schools see every category; the education setting's retention runs longer by default.
            return .init(
                kind: kind, categories: all, triageTargetWorkingDays: 0, trainingRefreshYears: 3,
                concernRetentionYears: 25, childAgeLimit: 18)
        case .earlyYears:
            let notForUnderFives: Set<ConcernCategory> = [
                .radicalisation, .gangs, .childCriminalExploitation,
                .substanceMisuse, .childrenMissingEducation,
            ]
            return .init(
                kind: kind, categories: all.filter { !notForUnderFives.contains($0) },
                triageTargetWorkingDays: 0, trainingRefreshYears: 3, concernRetentionYears: 25,
                childAgeLimit: 18)
        case .voluntary, .housing, .sport:
            return .init(
                kind: kind, categories: all, triageTargetWorkingDays: 0, trainingRefreshYears: 3,
                concernRetentionYears: 6, childAgeLimit: 18)
        }
    }
}
