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

    public init(
        name: String? = nil, description: String? = nil, dateOfBirth: String? = nil,
        approximateAge: Int? = nil, gender: String? = nil, ethnicity: String? = nil,
        firstLanguage: String? = nil, religion: String? = nil, disability: String? = nil,
        address: String? = nil, school: String? = nil
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
    func validationErrors(prefix: String) -> [FieldError] {
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
        if let age = approximateAge, !(0...25).contains(age) {
            errors.append(
                .init(field: "\(prefix)approximateAge", message: Words("concerns.approximateAge.enterAnAgeBetween0")))
        }
        return errors
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
