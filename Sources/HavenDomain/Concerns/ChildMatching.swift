import Foundation

/// Issue 12.2, R3.2: why Haven thinks a child it already holds a file for may be the child a new
/// concern is about. Surest first: the order in which the DSL is shown them.
public enum ChildMatchReason: Equatable, Sendable {
    /// The same UPN, ULN, NHS number or local authority id.
    case sameIdentifier(ChildIdentifierKind)
    /// The same name (case and accents set aside) and the same date of birth.
    case sameNameAndBirth
    /// The same surname and date of birth: a first name spelt another way, or a nickname.
    case sameSurnameAndBirth
    /// The same name, an age within a year, and the same school.
    case sameNameAgeAndSchool
    /// The same name, an age within a year, and the same address.
    case sameNameAgeAndAddress
    /// They live with a child this concern also names, and share a name with its child.
    case household(of: String)

    public var rank: Int {
        switch self {
        case .sameIdentifier: 0
        case .sameNameAndBirth: 1
        case .sameSurnameAndBirth: 2
        case .sameNameAgeAndSchool, .sameNameAgeAndAddress: 3
        case .household: 4
        }
    }

    /// The reason as the API gives it: one of a few fixed words.
    public var code: String {
        switch self {
        case .sameIdentifier: "same_identifier"
        case .sameNameAndBirth: "same_name_and_birth"
        case .sameSurnameAndBirth: "same_surname_and_birth"
        case .sameNameAgeAndSchool: "same_name_age_and_school"
        case .sameNameAgeAndAddress: "same_name_age_and_address"
        case .household: "household"
        }
    }

    /// The reason in words, for the DSL deciding.
    public var words: Words {
        switch self {
        case .sameIdentifier(let kind): Words("concerns.match.sameIdentifier", ["identifier": .words(kind.title)])
        case .sameNameAndBirth: Words("concerns.match.sameNameAndBirth")
        case .sameSurnameAndBirth: Words("concerns.match.sameSurnameAndBirth")
        case .sameNameAgeAndSchool: Words("concerns.match.sameNameAgeAndSchool")
        case .sameNameAgeAndAddress: Words("concerns.match.sameNameAgeAndAddress")
        case .household(let name): Words("concerns.match.household", ["name": .text(name)])
        }
    }
}

/// A child Haven holds, as matching weighs them.
public struct ChildMatchCandidate: Sendable {
    public let id: ChildID
    public let details: ChildDetails
    /// When they were first recorded (an approximate age grows from then).
    public let recordedOn: Day
    /// The names, as the concern gives them, of the children it also names who live with this
    /// child according to Haven (household links).
    public let livesWith: [String]

    public init(id: ChildID, details: ChildDetails, recordedOn: Day, livesWith: [String] = []) {
        self.id = id
        self.details = details
        self.recordedOn = recordedOn
        self.livesWith = livesWith
    }
}

public struct ChildMatch: Equatable, Sendable {
    public let child: ChildID
    public let reason: ChildMatchReason
}

/// Issue 12.2: proposes children Haven already holds who may be the child a concern is about.
/// Plain rules, no scores: each candidate is proposed for its surest reason, or not at all.
/// Only the DSL sees proposals; the person recording learns nothing about other files.
public enum ChildMatching {
    /// The most proposals shown at once: more than this and the DSL searches instead.
    public static let most = 10

    public static func proposals(
        for child: ChildDetails, recordedOn: Day, among candidates: [ChildMatchCandidate], today: Day
    ) -> [ChildMatch] {
        var seen: Set<ChildID> = []
        let matches = candidates.compactMap { candidate -> (ChildMatch, String)? in
            guard seen.insert(candidate.id).inserted,
                let reason = reason(child, recordedOn: recordedOn, candidate, today: today)
            else { return nil }
            return (ChildMatch(child: candidate.id, reason: reason), NameKey.sortKey(candidate.details.displayName))
        }
        return matches.sorted {
            ($0.0.reason.rank, $0.1, $0.0.child.description) < ($1.0.reason.rank, $1.1, $1.0.child.description)
        }
        .prefix(most).map(\.0)
    }

    /// The surest reason to think `candidate` is `child`, if there is one.
    public static func reason(
        _ child: ChildDetails, recordedOn: Day, _ candidate: ChildMatchCandidate, today: Day
    ) -> ChildMatchReason? {
        let other = candidate.details
        for (kind, value) in child.identifiers.given where other.identifiers[kind] == value {
            return .sameIdentifier(kind)
        }
        // Everything else compares names: a child known only by a description is matched by an
        // identifier or not at all.
        guard let name = child.name, let otherName = other.name else { return nil }
        let words = NameKey.sortKey(name).split(separator: " ")
        let otherWords = NameKey.sortKey(otherName).split(separator: " ")
        guard !words.isEmpty, !otherWords.isEmpty else { return nil }
        let sameName = words == otherWords
        let born = child.dateOfBirth.flatMap(Day.init(iso:))
        let sameBirth = born != nil && born == other.dateOfBirth.flatMap(Day.init(iso:))
        if sameName && sameBirth { return .sameNameAndBirth }
        if sameBirth, let surname = surname(name), surname == self.surname(otherName) { return .sameSurnameAndBirth }
        if sameName, let age = child.age(on: today, recordedOn: recordedOn),
            let otherAge = other.age(on: today, recordedOn: candidate.recordedOn), abs(age - otherAge) <= 1
        {
            if same(child.school, other.school) { return .sameNameAgeAndSchool }
            if same(child.address, other.address) { return .sameNameAgeAndAddress }
        }
        if let sibling = candidate.livesWith.first, !Set(words).isDisjoint(with: otherWords) {
            return .household(of: sibling)
        }
        return nil
    }

    /// The last word of a name as written, folded: a double-barrelled surname ("Núñez-García")
    /// is one surname, not the same as its last part ("Garcia").
    static func surname(_ name: String) -> String? {
        name.split(whereSeparator: \.isWhitespace).last.map { NameKey.sortKey(String($0)) }.flatMap {
            $0.isEmpty ? nil : $0
        }
    }

    /// Two places written alike, once case, accents, punctuation and spacing are set aside.
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return false }
        let first = NameKey.sortKey(a)
        return !first.isEmpty && first == NameKey.sortKey(b)
    }
}
