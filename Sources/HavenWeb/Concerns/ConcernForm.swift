import Foundation
import HavenDomain
import Vapor

/// R2.1: the recording form as posted by a browser. Field names match the names errors use.
struct ConcernForm: Content {
    var childName: String?
    var childDescription: String?
    var childDateOfBirth: String?
    var childApproximateAge: String?
    var childGender: String?
    var childEthnicity: String?
    var childFirstLanguage: String?
    var childReligion: String?
    var childDisability: String?
    var childAddress: String?
    var childSchool: String?
    var howItArose: String?
    var occurredAt: String?
    var location: String?
    var whoWasPresent: String?
    var account: String?
    var accountProvenance: String?
    var injury: String?
    var actionTaken: String?
    var categories: [String]?
    var immediateDanger: String?
    var medicalAttention: String?
    var childLocationNow: String?
    var alreadyTold: String?
    var linkedChildren: String?
    var perpetratorName: String?
    var perpetratorRelationship: String?
    var perpetratorWorksWithChildren: String?
    var site: String?

    enum CodingKeys: String, CodingKey {
        case childName = "child.name"
        case childDescription = "child.description"
        case childDateOfBirth = "child.dateOfBirth"
        case childApproximateAge = "child.approximateAge"
        case childGender = "child.gender"
        case childEthnicity = "child.ethnicity"
        case childFirstLanguage = "child.firstLanguage"
        case childReligion = "child.religion"
        case childDisability = "child.disability"
        case childAddress = "child.address"
        case childSchool = "child.school"
        case howItArose, occurredAt, location, whoWasPresent, account, accountProvenance, injury, actionTaken,
            categories
        case immediateDanger, medicalAttention, childLocationNow, alreadyTold, linkedChildren
        case perpetratorName = "allegedPerpetrator.name"
        case perpetratorRelationship = "allegedPerpetrator.relationship"
        case perpetratorWorksWithChildren = "allegedPerpetrator.worksWithChildren"
        case site
    }

    /// N2: turns the form into a draft through the same reading as the API, so both name the
    /// same fields and apply the same rules.
    func draft(timeZone: TimeZone) throws -> ConcernDraft {
        var errors: [FieldError] = []
        var age: Int?
        if let text = cleaned(childApproximateAge) {
            age = Int(text)
            if age == nil {
                errors.append(
                    .init(field: "child.approximateAge", message: "Enter the age as a number, or leave it blank."))
            }
        }
        var when: String?
        if let text = cleaned(occurredAt) {
            when = LocalDateTime.parse(text, timeZone: timeZone).map { ISO8601DateFormatter().string(from: $0) }
            if when == nil {
                errors.append(
                    .init(field: "occurredAt", message: "Enter the date and time it happened, or leave it blank."))
            }
        }
        let linked = (linkedChildren ?? "").split(whereSeparator: \.isNewline).compactMap {
            line -> ConcernInput.Linked? in
            let parts = line.split(separator: "-", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let name = cleaned(parts.first) else { return nil }
            return ConcernInput.Linked(name: name, relationship: parts.count > 1 ? parts[1] : nil)
        }
        let hasPerpetrator = cleaned(perpetratorName) != nil || cleaned(perpetratorRelationship) != nil
        let input = ConcernInput(
            child: .init(
                name: childName, description: childDescription, dateOfBirth: childDateOfBirth, approximateAge: age,
                gender: childGender,
                ethnicity: childEthnicity, firstLanguage: childFirstLanguage, religion: childReligion,
                disability: childDisability,
                address: childAddress, school: childSchool),
            howItArose: howItArose, occurredAt: when, location: location, whoWasPresent: whoWasPresent,
            account: account,
            accountProvenance: cleaned(accountProvenance), injury: injury, actionTaken: actionTaken,
            categories: categories,
            immediateDanger: immediateDanger == "on", medicalAttention: medicalAttention,
            childLocationNow: childLocationNow,
            alreadyTold: alreadyTold, linkedChildren: linked,
            allegedPerpetrator: hasPerpetrator
                ? .init(
                    name: perpetratorName, relationship: perpetratorRelationship,
                    worksWithChildren: perpetratorWorksWithChildren == "on") : nil,
            site: site)
        return try input.draft(earlier: errors)
    }
}

/// Dates and times as an HTML `datetime-local` input sends them, in the organisation's time zone.
enum LocalDateTime {
    static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        for format in ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_GB_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return ISO8601DateFormatter().date(from: text)
    }

    static func display(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE d MMM yyyy, HH:mm"
        return formatter.string(from: date)
    }

    /// A calendar day as pages show it ("Tue 1 Dec 2026").
    static func day(_ day: Day) -> String { Self.day(day.midnightUTC) }

    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_GB")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE d MMM yyyy"
        return formatter.string(from: date)
    }
}
