import Foundation

public enum AddendumTag {}
public typealias AddendumID = Identifier<AddendumTag>

/// R2.4: why an addendum was added. The original stays as it was.
public enum AddendumReason: String, CaseIterable, Codable, Sendable {
    case correction
    case furtherInformation = "further_information"
    case childSaidMore = "child_said_more"
    case other

    public var title: Words {
        switch self {
        case .correction: Words("concerns.addendumReason.correction")
        case .furtherInformation: Words("concerns.addendumReason.furtherInformation")
        case .childSaidMore: Words("concerns.addendumReason.childSaidMore")
        case .other: Words("concerns.addendumReason.other")
        }
    }
}

/// R2.4: information appended to a concern, with its author, time and reason.
public struct Addendum: Equatable, Sendable, Codable {
    public let id: AddendumID
    public let concernID: ConcernID
    public let author: PersonID
    public let addedAt: Date
    public let reason: AddendumReason
    public let text: String

    public init(
        id: AddendumID, concernID: ConcernID, author: PersonID, addedAt: Date, reason: AddendumReason, text: String
    ) {
        self.id = id
        self.concernID = concernID
        self.author = author
        self.addedAt = addedAt
        self.reason = reason
        self.text = text
    }

    /// N2: an addendum needs a reason and some text.
    public static func validate(reason: String?, text: String?) throws -> (AddendumReason, String) {
        var errors: [FieldError] = []
        let reason = reason.flatMap(AddendumReason.init(rawValue:))
        if reason == nil {
            errors.append(.init(field: "reason", message: Words("concerns.reason.chooseWhyYouAreAdding")))
        }
        let text = cleaned(text)
        if text == nil { errors.append(.init(field: "text", message: Words("concerns.text.writeWhatYouAreAdding"))) }
        // R2.11: no picture of a child, pasted in.
        if PictureInText.found(in: text) {
            errors.append(.init(field: "text", message: Words("concerns.picture.notKept")))
        }
        try InvalidInput.check(errors)
        return (reason!, text!)
    }
}
