import Foundation

/// R2.1: what the recorder knows about the child. Everything is optional except that the child
/// must be identifiable somehow: a name, or a description when the name is not known.
public struct ChildDetails: Equatable, Sendable, Codable {
    public var name: String?
    public var description: String?
    public var dateOfBirth: String?
    public var approximateAge: Int?
    public var gender: String?
    public var ethnicity: String?
    public var firstLanguage: String?
    public var religion: String?
    public var disability: String?
    public var address: String?
    public var school: String?
    /// R2.2: a pre-birth concern: the date of birth is the date the baby is expected.
    public var unborn: Bool
    /// SPEC: never turned away: an adult telling us about abuse they suffered as a child. Their
    /// age is then not limited to a child's.
    public var adultRecallingChildhood: Bool
    /// R2.1: UPN, ULN, NHS number and the local authority's id, where known.
    public var identifiers: ChildIdentifiers

    /// The oldest age any organisation records as a child's (care leavers and young people with
    /// special needs to 25); older needs `adultRecallingChildhood`.
    public static let oldestChildAge = 25
    /// The oldest age Haven takes at all.
    public static let oldestAge = 120
    /// How far ahead a baby can be due: ten months.
    public static let longestPregnancyDays = 305
    /// How long a baby can be overdue and still not born: six weeks.
    public static let longestOverdueDays = 42

    public init(
        name: String? = nil, description: String? = nil, dateOfBirth: String? = nil,
        approximateAge: Int? = nil, gender: String? = nil, ethnicity: String? = nil,
        firstLanguage: String? = nil, religion: String? = nil, disability: String? = nil,
        address: String? = nil, school: String? = nil, unborn: Bool = false, adultRecallingChildhood: Bool = false,
        identifiers: ChildIdentifiers = ChildIdentifiers()
    ) {
        self.name = cleaned(name)
        self.description = cleaned(description)
        self.dateOfBirth = cleaned(dateOfBirth)
        self.approximateAge = approximateAge
        self.gender = cleaned(gender)
        self.ethnicity = cleaned(ethnicity)
        self.firstLanguage = cleaned(firstLanguage)
        self.religion = cleaned(religion)
        self.disability = cleaned(disability)
        self.address = cleaned(address)
        self.school = cleaned(school)
        self.unborn = unborn
        self.adultRecallingChildhood = adultRecallingChildhood
        self.identifiers = identifiers
    }

    /// The name the child is sorted and found by: the name, else the description. Stored in
    /// sort keys and the name index, so it never changes; pages show `shownName`.
    // words: not shown
    public var displayName: String { name ?? description.map { "Unnamed: \($0)" } ?? "Unnamed child" }

    /// How the child is shown: the name, else the description, in the reader's language.
    public var shownName: Words {
        if let name { return .verbatim(name) }
        if let description { return Words("concerns.child.described", ["description": .text(description)]) }
        return Words("concerns.child.unnamed")
    }

    /// N2: the child's details must identify the child, and any date of birth must be a real date.
    /// Given `today`, a date of birth in the future is taken only as an unborn baby's expected
    /// date (R2.2), and an age past a child's only for an adult recalling their childhood.
    func validationErrors(prefix: String, today: Day? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        if name == nil && description == nil {
            errors.append(
                .init(field: "\(prefix)name", message: Words("concerns.name.giveTheChildsNameOr")))
        }
        // The name is shown in lists and sentences: no line breaks, control characters or
        // direction marks that could make one child's name read as another's.
        if let name, NameText.hasHiddenCharacters(name) {
            errors.append(.init(field: "\(prefix)name", message: Words("concerns.name.aNameCantContainLine")))
        }
        if let dob = dateOfBirth, ChildDetails.isoDate(dob) == nil {
            errors.append(
                .init(
                    field: "\(prefix)dateOfBirth", message: Words("concerns.dateOfBirth.enterTheDateOfBirth"))
            )
        }
        let oldest = adultRecallingChildhood ? Self.oldestAge : Self.oldestChildAge
        if let age = approximateAge, !(0...oldest).contains(age) {
            errors.append(
                .init(
                    field: "\(prefix)approximateAge",
                    message: age > Self.oldestChildAge && age <= Self.oldestAge
                        ? Words("concerns.approximateAge.anAdultRecalling", ["age": .number(Self.oldestChildAge)])
                        : Words("concerns.approximateAge.enterAnAgeBetween0", ["oldest": .number(oldest)])))
        }
        errors += identifiers.validationErrors(prefix: prefix)
        if unborn && adultRecallingChildhood {
            errors.append(.init(field: "\(prefix)unborn", message: Words("concerns.unborn.notBoth")))
        } else if let today, dateOfBirth.map({ ChildDetails.isoDate($0) != nil }) ?? true {
            errors += dateOfBirthErrors(prefix: prefix, today: today)
        }
        return errors
    }

    /// R2.2: a date of birth after today is an unborn baby's due date, and only then; a due date
    /// is within ten months; a date of birth making the person older than a child needs
    /// `adultRecallingChildhood`. (A day's grace either side of today: the organisation's day may
    /// not be UTC's.)
    func dateOfBirthErrors(prefix: String, today: Day) -> [FieldError] {
        let field = "\(prefix)dateOfBirth"
        // An unborn baby's due date may not be known yet: taken without one.
        guard let text = dateOfBirth, let born = Day(iso: text) else { return [] }
        if unborn {
            if born < today.adding(days: -Self.longestOverdueDays) {
                return [.init(field: field, message: Words("concerns.dateOfBirth.dueDateHasPassed"))]
            }
            if born > today.adding(days: Self.longestPregnancyDays) {
                return [.init(field: field, message: Words("concerns.dateOfBirth.dueDateTooFar"))]
            }
            return []
        }
        if born > today.adding(days: 1) {
            return [.init(field: field, message: Words("concerns.dateOfBirth.inTheFuture"))]
        }
        let turnsOldest = Day(born.year + Self.oldestChildAge + 1, born.month, min(born.day, 28))
        if !adultRecallingChildhood && turnsOldest <= today {
            return [
                .init(
                    field: field,
                    message: Words("concerns.approximateAge.anAdultRecalling", ["age": .number(Self.oldestChildAge)]))
            ]
        }
        return []
    }

    /// Parses a calendar date written YYYY-MM-DD.
    public static func isoDate(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1900...2200).contains(parts[0]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}
