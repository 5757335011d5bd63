import Foundation
import Testing

@testable import HavenDomain

/// Issue 12.2, R3.2: the children Haven proposes at triage as perhaps the child a concern is
/// about, each for its surest reason, in order: an identifier; name and date of birth; surname
/// and date of birth; name, age within a year, and school or address; a household member of a
/// child the concern also names. Anything less is not proposed.
@Suite("Issue 12.2 matching a concern's child to children Haven holds")
struct ChildMatchingTests {
    static let today = Day(2026, 11, 30)
    static let recorded = Day(2026, 11, 30)

    static func child(
        _ name: String?, born: String? = nil, age: Int? = nil, school: String? = nil, address: String? = nil,
        description: String? = nil, unborn: Bool = false, ids: ChildIdentifiers = ChildIdentifiers()
    ) -> ChildDetails {
        ChildDetails(
            name: name, description: description, dateOfBirth: born, approximateAge: age, address: address,
            school: school, unborn: unborn, identifiers: ids)
    }

    // (the concern's child, a child Haven holds, recorded on, lives with, the reason expected)
    static let cases: [(ChildDetails, ChildDetails, Day, [String], ChildMatchReason?)] = [
        // Identifiers, however they were typed, whatever the names say.
        (
            child("Sam Hale", ids: .init(nhsNumber: "943 476 5919")),
            child("Samuel Hale-Jones", ids: .init(nhsNumber: "9434765919")), recorded, [], .sameIdentifier(.nhsNumber)
        ),
        (
            child(nil, description: "boy in red coat", ids: .init(upn: "a123456789012")),
            child("Ade Okafor", ids: .init(upn: "A123456789012")), recorded, [], .sameIdentifier(.upn)
        ),
        (child("Ade", ids: .init(uln: "1234567890")), child("Ade", ids: .init(uln: "1234567891")), recorded, [], nil),
        (
            child("Kit", ids: .init(localAuthority: "lcc 0042")), child("Kit", ids: .init(localAuthority: "LCC0042")),
            recorded, [], .sameIdentifier(.localAuthority)
        ),
        // An identifier outranks a name and date of birth.
        (
            child("Zoë Ångström", born: "2016-03-02", ids: .init(uln: "1234567890")),
            child("zoe angstrom", born: "2016-03-02", ids: .init(uln: "1234567890")), recorded, [],
            .sameIdentifier(.uln)
        ),
        // Names folded (case, accents, spacing, punctuation) and the same date of birth.
        (
            child("Zoë Ångström", born: "2016-03-02"), child("zoe  ANGSTROM", born: "2016-03-02"), recorded, [],
            .sameNameAndBirth
        ),
        (child("Zoë Ångström", born: "2016-03-02"), child("Zoë Ångström", born: "2016-03-03"), recorded, [], nil),
        // A first name spelt another way: surname and date of birth.
        (
            child("Aleksander Nowak", born: "2014-07-19"), child("Alex Nowak", born: "2014-07-19"), recorded, [],
            .sameSurnameAndBirth
        ),
        (child("Alex Nowak", born: "2014-07-19"), child("Alex Novak", born: "2014-07-19"), recorded, [], nil),
        // A double-barrelled surname is one surname, written with or without accents.
        (child("Zoë Núñez-García", born: "2018-03-14"), child("Zoe Garcia", born: "2018-03-14"), recorded, [], nil),
        (
            child("Zoë Núñez-García", born: "2018-03-14"), child("Sofia Nunez-Garcia", born: "2018-03-14"), recorded,
            [],
            .sameSurnameAndBirth
        ),
        // The same name, an age within a year, and the same school or address.
        (
            child("Mia Chen", age: 9, school: "Hilltop Primary"), child("Mia Chen", age: 10, school: "hilltop primary"),
            recorded, [], .sameNameAgeAndSchool
        ),
        (
            child("Mia Chen", age: 9, address: "4 Elm Row, Leeds"),
            child("mia chen", age: 8, address: "4 Elm Row Leeds"),
            recorded, [], .sameNameAgeAndAddress
        ),
        (
            child("Mia Chen", age: 9, school: "Hilltop Primary"), child("Mia Chen", age: 11, school: "Hilltop Primary"),
            recorded, [], nil
        ),
        (
            child("Mia Chen", age: 9, school: "Hilltop Primary"), child("Mia Chen", age: 9, school: "Valley Primary"),
            recorded, [], nil
        ),
        (child("Mia Chen", age: 9), child("Mia Chen", age: 9), recorded, [], nil),  // a common name alone is not enough
        // An approximate age grows from when it was given: 7 two years ago is 9 now.
        (
            child("Mia Chen", age: 9, school: "Hilltop"), child("Mia Chen", age: 7, school: "Hilltop"),
            Day(2024, 11, 1), [], .sameNameAgeAndSchool
        ),
        (child("Mia Chen", age: 9, school: "Hilltop"), child("Mia Chen", age: 7, school: "Hilltop"), recorded, [], nil),
        // A date of birth gives the age to compare with an approximate one.
        (
            child("Mia Chen", born: "2017-01-15", school: "Hilltop"), child("Mia Chen", age: 10, school: "Hilltop"),
            recorded, [], .sameNameAgeAndSchool
        ),
        // An unborn baby has no age to compare.
        (
            child("Baby Quinn", born: "2027-02-01", address: "1 Oak St", unborn: true),
            child("Baby Quinn", age: 0, address: "1 Oak St"), recorded, [], nil
        ),
        // Living with a child the concern also names, sharing a name with the concern's child.
        (
            child("Jay Morrow", age: 6), child("Jay Morrow", age: 12), recorded, ["Lou Morrow"],
            .household(of: "Lou Morrow")
        ),
        (child("Jay Morrow", age: 6), child("Priya Shah", age: 6), recorded, ["Lou Morrow"], nil),
        // A child known only by a description is matched by an identifier or not at all.
        (
            child(nil, age: 7, description: "girl, about 7"), child(nil, age: 7, description: "girl, about 7"),
            recorded, [], nil
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func reason(_ index: Int) {
        let (concernChild, held, heldOn, livesWith, expected) = Self.cases[index]
        let candidate = ChildMatchCandidate(
            id: ChildID(UUID()), details: held, recordedOn: heldOn, livesWith: livesWith)
        #expect(
            ChildMatching.reason(concernChild, recordedOn: Self.recorded, candidate, today: Self.today) == expected,
            "case \(index)")
    }

    @Test func proposalsComeSurestFirstOncePerChildAndNoMoreThanTen() {
        let concernChild = Self.child("Mia Chen", born: "2016-05-05", school: "Hilltop", ids: .init(uln: "1234567890"))
        let byName = ChildMatchCandidate(
            id: ChildID(UUID()), details: Self.child("Mia Chen", born: "2016-05-05"), recordedOn: Self.recorded)
        let byNumber = ChildMatchCandidate(
            id: ChildID(UUID()), details: Self.child("M Chen", ids: .init(uln: "1234567890")), recordedOn: Self.recorded
        )
        let bySurname = ChildMatchCandidate(
            id: ChildID(UUID()), details: Self.child("Amelia Chen", born: "2016-05-05"), recordedOn: Self.recorded)
        let stranger = ChildMatchCandidate(
            id: ChildID(UUID()), details: Self.child("Ola Berg", born: "2016-05-05"), recordedOn: Self.recorded)
        let proposals = ChildMatching.proposals(
            for: concernChild, recordedOn: Self.recorded, among: [stranger, bySurname, byName, byNumber, byName],
            today: Self.today)
        #expect(proposals.map(\.child) == [byNumber.id, byName.id, bySurname.id])
        #expect(proposals.map(\.reason.rank) == [0, 1, 2])
        let many = (0..<30).map { _ in
            ChildMatchCandidate(
                id: ChildID(UUID()), details: Self.child("Mia Chen", born: "2016-05-05"), recordedOn: Self.recorded)
        }
        #expect(
            ChildMatching.proposals(for: concernChild, recordedOn: Self.recorded, among: many, today: Self.today).count
                == ChildMatching.most)
    }

    // (as typed, kind, normalised, taken)
    static let identifiers: [(String, ChildIdentifierKind, String?, Bool)] = [
        ("943 476 5919", .nhsNumber, "9434765919", true),
        ("943-476-5919", .nhsNumber, "9434765919", true),
        ("9434765918", .nhsNumber, "9434765918", false),  // the check digit does not hold
        ("4010232137", .nhsNumber, "4010232137", true),
        ("1234567890", .nhsNumber, "1234567890", false),  // a remainder of 10: never issued
        ("943476591", .nhsNumber, "943476591", false),
        ("a123456789012", .upn, "A123456789012", true),
        ("A12345678901B", .upn, "A12345678901B", true),  // a temporary UPN ends in a letter
        ("1123456789012", .upn, "1123456789012", false),
        ("A1234567890", .upn, "A1234567890", false),
        ("1234567890", .uln, "1234567890", true),
        ("12345 67890", .uln, "1234567890", true),
        ("123456789X", .uln, "123456789X", false),
        ("lcc/0042_b", .localAuthority, "LCC/0042_B", true),
        (String(repeating: "9", count: 41), .localAuthority, String(repeating: "9", count: 41), false),
        ("   ", .uln, nil, true),
        ("0000000000", .nhsNumber, "0000000000", false),  // passes the check digit, never issued
        ("ryt-2026/0042", .localAuthority, "RYT-2026/0042", true),  // the authority's hyphen kept
        ("straße", .localAuthority, "STRAßE", false),  // never folded into another child's "STRASSE"
        ("ﬁ123", .localAuthority, "ﬁ123", false),
        ("../..", .localAuthority, "../..", false),
        ("٩٤٣٤٧٦٥٩١٩", .nhsNumber, "٩٤٣٤٧٦٥٩١٩", false),
    ]

    @Test(arguments: 0..<identifiers.count)
    func identifier(_ index: Int) {
        let (typed, kind, normalised, taken) = Self.identifiers[index]
        let ids: ChildIdentifiers =
            switch kind {
            case .upn: .init(upn: typed)
            case .uln: .init(uln: typed)
            case .nhsNumber: .init(nhsNumber: typed)
            case .localAuthority: .init(localAuthority: typed)
            }
        #expect(ids[kind] == normalised)
        let errors = ChildDetails(name: "Ade", identifiers: ids).validationErrors(prefix: "child.")
        #expect(errors.map(\.field) == (taken ? [] : ["child.\(kind.field)"]), "\(typed)")
    }

    // (born, on, age)
    static let ages: [(String, Day, Int)] = [
        ("2016-03-02", Day(2026, 3, 1), 9), ("2016-03-02", Day(2026, 3, 2), 10),
        ("2012-02-29", Day(2026, 2, 28), 13), ("2012-02-29", Day(2026, 3, 1), 14), ("2012-02-29", Day(2028, 2, 29), 16),
    ]

    @Test(arguments: 0..<ages.count)
    func age(_ index: Int) {
        let (born, day, age) = Self.ages[index]
        #expect(ChildDetails(name: "A", dateOfBirth: born).age(on: day, recordedOn: day) == age)
    }
}
