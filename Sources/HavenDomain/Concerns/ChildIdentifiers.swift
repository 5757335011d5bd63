import Foundation

/// R2.1: the numbers other services know a child by, where the recorder knows them. Each is
/// kept as written without spaces or hyphens, in capitals, so that one number typed two ways is
/// one number (issue 12.2: the surest sign that two files are one child).
public enum ChildIdentifierKind: String, CaseIterable, Sendable, Codable {
    /// A school's unique pupil number: a check letter, eleven digits, then a digit or letter.
    case upn
    /// The unique learner number from the age of 14: ten digits.
    case uln
    /// The NHS number: ten digits, the last a check digit.
    case nhsNumber = "nhs_number"
    /// The local authority's own id for the child: its format is the authority's.
    case localAuthority = "local_authority"

    /// The recording form's field for it (`child.upn`).
    public var field: String {
        switch self {
        case .upn: "upn"
        case .uln: "uln"
        case .nhsNumber: "nhsNumber"
        case .localAuthority: "localAuthorityID"
        }
    }

    public var title: Words { Words("concerns.identifier.\(field)") }
}

public struct ChildIdentifiers: Equatable, Sendable, Codable {
    public private(set) var upn: String?
    public private(set) var uln: String?
    public private(set) var nhsNumber: String?
    public private(set) var localAuthority: String?

    /// The longest local authority id taken.
    public static let longestLocalID = 40

    public init(upn: String? = nil, uln: String? = nil, nhsNumber: String? = nil, localAuthority: String? = nil) {
        self.upn = Self.normalised(upn, keeping: [])
        self.uln = Self.normalised(uln, keeping: [])
        self.nhsNumber = Self.normalised(nhsNumber, keeping: [])
        // An authority's own id keeps its punctuation: it is read back to the authority as written.
        self.localAuthority = Self.normalised(localAuthority, keeping: ["-", "."])
    }

    /// Without spaces (and hyphens or dots, unless kept), with a-z in capitals; nil when nothing
    /// is left. Only ASCII letters change case: any other letter stays as typed, for validation
    /// to refuse (so "ß" never becomes "SS" and matches another child's number).
    static func normalised(_ text: String?, keeping: Set<Unicode.Scalar>) -> String? {
        guard let text else { return nil }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !CharacterSet.whitespacesAndNewlines.contains(scalar) {
            if (scalar == "-" || scalar == ".") && !keeping.contains(scalar) { continue }
            if ("a"..."z").contains(scalar), let upper = Unicode.Scalar(scalar.value - 32) {
                result.append(upper)
            } else {
                result.append(scalar)
            }
        }
        return result.isEmpty ? nil : String(result)
    }

    public subscript(kind: ChildIdentifierKind) -> String? {
        switch kind {
        case .upn: upn
        case .uln: uln
        case .nhsNumber: nhsNumber
        case .localAuthority: localAuthority
        }
    }

    /// Each identifier given, in the order of `ChildIdentifierKind`.
    public var given: [(kind: ChildIdentifierKind, value: String)] {
        ChildIdentifierKind.allCases.compactMap { kind in self[kind].map { (kind, $0) } }
    }

    public var isEmpty: Bool { given.isEmpty }

    /// N2: each number must be one its service could have issued, so that a mistyped number is
    /// caught now rather than matching the wrong child later.
    func validationErrors(prefix: String) -> [FieldError] {
        given.compactMap { kind, value in
            Self.isValid(value, as: kind)
                ? nil
                : FieldError(field: prefix + kind.field, message: Words("concerns.identifier.\(kind.field).invalid"))
        }
    }

    static func isValid(_ value: String, as kind: ChildIdentifierKind) -> Bool {
        let characters = Array(value.unicodeScalars)
        func digit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        func letter(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }
        switch kind {
        case .upn:
            return characters.count == 13 && letter(characters[0]) && characters[1...11].allSatisfy(digit)
                && (digit(characters[12]) || letter(characters[12]))
        case .uln:
            return characters.count == 10 && characters.allSatisfy(digit)
        case .nhsNumber:
            // Ten zeros pass the check digit but are never issued: a placeholder, not a number.
            return characters.count == 10 && characters.allSatisfy(digit) && nhsCheckDigitHolds(value)
                && value != "0000000000"
        case .localAuthority:
            return characters.count <= longestLocalID && characters.contains { digit($0) || letter($0) }
                && characters.allSatisfy { digit($0) || letter($0) || "/_-.".unicodeScalars.contains($0) }
        }
    }

    /// The NHS number's check (modulus 11): the first nine digits weighted 10 down to 2; eleven
    /// less the remainder is the tenth digit (11 reads as 0; 10 means no valid number).
    static func nhsCheckDigitHolds(_ value: String) -> Bool {
        let digits = value.compactMap(\.wholeNumberValue)
        guard digits.count == 10 else { return false }
        let sum = zip(digits.prefix(9), stride(from: 10, through: 2, by: -1)).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 11 - sum % 11
        switch check {
        case 11: return digits[9] == 0
        case 10: return false
        default: return digits[9] == check
        }
    }
}
