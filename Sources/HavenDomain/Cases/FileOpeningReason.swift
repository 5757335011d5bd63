/// R7.7: why someone opened a child's file. It is asked for every time a file is opened and kept
/// with the record of the opening, so the DSL can see who looked, when and why.
public enum FileOpeningPurpose: String, CaseIterable, Sendable {
    case newConcern = "new_concern"
    case caseReview = "case_review"
    case referral
    case supervision
    case other

    /// The choice as the person opening the file sees it.
    public var title: String {
        switch self {
        case .newConcern: "Deciding what to do about a new concern"
        case .caseReview: "Reviewing the case, its actions or review date"
        case .referral: "Preparing a referral or sharing information with another agency"
        case .supervision: "Supervision, a case audit or a meeting about the child"
        case .other: "Something else (say what)"
        }
    }
}

/// R7.7: the purpose chosen, and a note when the purpose is "something else".
public struct FileOpeningReason: Equatable, Sendable {
    public let purpose: FileOpeningPurpose
    public let note: String?

    public static let noteLimit = 200

    public init(purpose: FileOpeningPurpose, note: String?) {
        self.purpose = purpose
        self.note = note
    }

    /// Checks the answers given when opening a file; errors name `reason` and `reasonNote`.
    public static func validated(purpose: String?, note: String?) throws -> FileOpeningReason {
        guard let raw = cleaned(purpose) else {
            throw InvalidInput(field: "reason", "Say why you are opening this file.")
        }
        guard let purpose = FileOpeningPurpose(rawValue: raw) else {
            throw InvalidInput(field: "reason", "Choose one of the reasons listed.")
        }
        let note = cleaned(note)
        if purpose == .other && note == nil {
            throw InvalidInput(field: "reasonNote", "Say briefly why you are opening this file.")
        }
        if let note, note.count > noteLimit {
            throw InvalidInput(field: "reasonNote", "Keep the reason to \(noteLimit) characters or fewer.")
        }
        return FileOpeningReason(purpose: purpose, note: note)
    }

    /// As recorded in the audit trail and shown in the file's access log.
    public var text: String {
        guard let note else { return purpose.title }
        return purpose == .other ? note : "\(purpose.title): \(note)"
    }
}
