import Foundation

public enum RestrictedInformationTag {}
public typealias RestrictedInformationID = Identifier<RestrictedInformationTag>

/// R7.1: something a child shared in confidence about themselves (their sexual orientation or
/// gender identity, say), kept with a concern but apart from its content: only the DSL and
/// deputies can read it, each time giving a reason the audit trail keeps. It is shared only with
/// the child's agreement or where that is needed to protect them.
public struct RestrictedInformation: Equatable, Sendable {
    public let id: RestrictedInformationID
    public let concernID: ConcernID
    public let addedBy: PersonID
    public let addedAt: Date
    public let text: String

    public init(id: RestrictedInformationID, concernID: ConcernID, addedBy: PersonID, addedAt: Date, text: String) {
        self.id = id
        self.concernID = concernID
        self.addedBy = addedBy
        self.addedAt = addedAt
        self.text = text
    }

    /// The most a piece of restricted information can say.
    public static let textLimit = 4000

    /// N2: what is wrong with `text` as restricted information, naming `field`.
    public static func problems(_ text: String?, field: String) -> [FieldError] {
        guard let text else { return [] }
        var errors: [FieldError] = []
        if text.count > textLimit {
            errors.append(
                .init(field: field, message: Words("concerns.restricted.tooLong", ["most": .number(textLimit)])))
        }
        // Words, not control characters (a NUL alone was kept as something held, yet empty).
        if text.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0)
        }) {
            errors.append(.init(field: field, message: Words("concerns.restricted.notWords")))
        }
        // R2.11: no picture of a child, pasted in.
        if PictureInText.found(in: text) {
            errors.append(.init(field: field, message: Words("concerns.picture.notKept")))
        }
        return errors
    }

    /// N2: restricted information added on its own needs some words.
    public static func validated(text: String?, field: String = "restricted") throws -> String {
        guard let text = cleaned(text) else {
            throw InvalidInput(field: field, "concerns.restricted.writeWhatTheChildShared")
        }
        try InvalidInput.check(problems(text, field: field))
        return text
    }
}

/// R7.1: why the DSL or a deputy is reading what a child shared in confidence.
public enum RestrictedReadingPurpose: String, StatedPurpose {
    case protectTheChild = "protect_the_child"
    case childAgreed = "child_agreed"
    case caseReview = "case_review"
    case other

    public var title: Words {
        switch self {
        case .protectTheChild: Words("concerns.restrictedReading.protectTheChild")
        case .childAgreed: Words("concerns.restrictedReading.childAgreed")
        case .caseReview: Words("cases.fileOpeningPurpose.caseReview")
        case .other: Words("cases.fileOpeningPurpose.other")
        }
    }
    public static var askWhy: Words { Words("concerns.restrictedReading.sayWhy") }
    public static var askWhyBriefly: Words { Words("concerns.restrictedReading.sayWhyBriefly") }
}

/// R7.1: why restricted information was read, kept with each reading.
public typealias RestrictedReadingReason = StatedReason<RestrictedReadingPurpose>
