/// R7.1, R7.7: a purpose someone gives for reading something the audit trail records with the
/// reading: why they opened a child's file, why they read what a child shared in confidence.
public protocol StatedPurpose: RawRepresentable<String>, CaseIterable, Sendable, Equatable {
    /// The choice as the reader sees it.
    var title: Words { get }
    /// The purpose that needs a note saying what it is.
    static var other: Self { get }
    /// What to say when no purpose is given, and when "something else" is chosen without a note.
    static var askWhy: Words { get }
    static var askWhyBriefly: Words { get }
}

/// R7.7: why someone opened a child's file. It is asked for every time a file is opened and kept
/// with the record of the opening, so the DSL can see who looked, when and why.
public enum FileOpeningPurpose: String, StatedPurpose {
    case newConcern = "new_concern"
    case caseReview = "case_review"
    case referral
    case supervision
    case other

    public var title: Words {
        switch self {
        case .newConcern: Words("cases.fileOpeningPurpose.newConcern")
        case .caseReview: Words("cases.fileOpeningPurpose.caseReview")
        case .referral: Words("cases.fileOpeningPurpose.referral")
        case .supervision: Words("cases.fileOpeningPurpose.supervision")
        case .other: Words("cases.fileOpeningPurpose.other")
        }
    }
    public static var askWhy: Words { Words("cases.reason.sayWhyYouAreOpening") }
    public static var askWhyBriefly: Words { Words("cases.reasonNote.sayBrieflyWhyYouAre") }
}

/// R7.7: why someone opened a child's file.
public typealias FileOpeningReason = StatedReason<FileOpeningPurpose>

/// R7.1, R7.7: the purpose chosen, and a note when the purpose is "something else".
public struct StatedReason<Purpose: StatedPurpose>: Equatable, Sendable {
    public let purpose: Purpose
    public let note: String?

    public static var noteLimit: Int { 200 }

    public init(purpose: Purpose, note: String?) {
        self.purpose = purpose
        self.note = note
    }

    /// Checks the answers given with a reading; errors name `reason` and `reasonNote`.
    public static func validated(purpose: String?, note: String?) throws -> StatedReason {
        guard let raw = cleaned(purpose) else {
            throw InvalidInput(field: "reason", Purpose.askWhy)
        }
        guard let purpose = Purpose(rawValue: raw) else {
            throw InvalidInput(field: "reason", "cases.reason.chooseOneOfTheReasons")
        }
        let note = cleaned(note)
        if purpose == .other && note == nil {
            throw InvalidInput(field: "reasonNote", Purpose.askWhyBriefly)
        }
        if let note, note.count > noteLimit {
            throw InvalidInput(
                field: "reasonNote", "cases.reasonNote.keepTheReasonToCharacters", ["noteLimit": .number(noteLimit)])
        }
        return StatedReason(purpose: purpose, note: note)
    }

    /// As recorded in the audit trail: the purpose's name, and the note after a colon. (Events
    /// recorded before Haven had a catalogue hold the English words instead.)
    public var text: String {
        guard let note else { return purpose.rawValue }
        return "\(purpose.rawValue): \(note)"
    }

    /// A reason read back from the audit trail, in the reader's language, or nil when it does not
    /// start with one of these purposes.
    public static func words(recognising recorded: String) -> Words? {
        for purpose in Purpose.allCases {
            if recorded == purpose.rawValue { return purpose.title }
            if recorded.hasPrefix(purpose.rawValue + ": ") {
                let note = String(recorded.dropFirst(purpose.rawValue.count + 2))
                // "Something else" says so, so that a note cannot pass for one of the purposes.
                if purpose == .other { return Words("cases.fileOpening.other", ["note": .text(note)]) }
                return Words("cases.fileOpening.withNote", ["purpose": .words(purpose.title), "note": .text(note)])
            }
        }
        return nil
    }

    /// A reason read back from the audit trail, in the reader's language.
    public static func words(recorded: String) -> Words {
        words(recognising: recorded) ?? Words("cases.fileOpening.asRecorded", ["reason": .text(recorded)])
    }
}
