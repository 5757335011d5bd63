/// R7.7: why someone opened a child's file. It is asked for every time a file is opened and kept
/// with the record of the opening, so the DSL can see who looked, when and why.
public enum FileOpeningPurpose: String, CaseIterable, Sendable {
    case newConcern = "new_concern"
    case caseReview = "case_review"
    case referral
    case supervision
    case other

    /// The choice as the person opening the file sees it.
    public var title: Words {
        switch self {
        case .newConcern: Words("cases.fileOpeningPurpose.newConcern")
        case .caseReview: Words("cases.fileOpeningPurpose.caseReview")
        case .referral: Words("cases.fileOpeningPurpose.referral")
        case .supervision: Words("cases.fileOpeningPurpose.supervision")
        case .other: Words("cases.fileOpeningPurpose.other")
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
            throw InvalidInput(field: "reason", "cases.reason.sayWhyYouAreOpening")
        }
        guard let purpose = FileOpeningPurpose(rawValue: raw) else {
            throw InvalidInput(field: "reason", "cases.reason.chooseOneOfTheReasons")
        }
        let note = cleaned(note)
        if purpose == .other && note == nil {
            throw InvalidInput(field: "reasonNote", "cases.reasonNote.sayBrieflyWhyYouAre")
        }
        if let note, note.count > noteLimit {
            throw InvalidInput(
                field: "reasonNote", "cases.reasonNote.keepTheReasonToCharacters", ["noteLimit": .number(noteLimit)])
        }
        return FileOpeningReason(purpose: purpose, note: note)
    }

    /// As recorded in the audit trail: the purpose's name, and the note after a colon. (Events
    /// recorded before Haven had a catalogue hold the English words instead.)
    public var text: String {
        guard let note else { return purpose.rawValue }
        return "\(purpose.rawValue): \(note)"
    }

    /// A reason read back from the audit trail, in the reader's language.
    public static func words(recorded: String) -> Words {
        for purpose in FileOpeningPurpose.allCases {
            if recorded == purpose.rawValue { return purpose.title }
            if recorded.hasPrefix(purpose.rawValue + ": ") {
                let note = String(recorded.dropFirst(purpose.rawValue.count + 2))
                // "Something else" says so, so that a note cannot pass for one of the purposes.
                if purpose == .other { return Words("cases.fileOpening.other", ["note": .text(note)]) }
                return Words("cases.fileOpening.withNote", ["purpose": .words(purpose.title), "note": .text(note)])
            }
        }
        return Words("cases.fileOpening.asRecorded", ["reason": .text(recorded)])
    }
}
