/// R7.1, R7.7: reasons Haven itself records in the audit trail, by name, so that the trail reads
/// the same whatever language a page is in; a page shows them in the reader's words.
public enum AuditReason {
    /// A refusal: the record is not theirs to see.
    public static let forbidden = "forbidden"
    /// A refusal: no such record, or not one theirs to see (the two are not told apart).
    public static let notFound = "not_found"

    /// A reason read back from the trail, in words: one of Haven's own, or a file-opening
    /// reason, a reason for reading restricted information, or (for events recorded before the catalogue) the text as it was recorded.
    public static func words(recorded: String) -> Words {
        // A refusal is recorded as "<what was tried>: <why>" (`AuditEntry.refused`).
        for (code, key) in [(forbidden, "audit.reason.forbidden"), (notFound, "audit.reason.notFound")]
        where recorded == code || recorded.hasSuffix(": " + code) {
            return Words("audit.reason.refused", ["why": .words(Words(key))])
        }
        return RestrictedReadingReason.words(recognising: recorded) ?? FileOpeningReason.words(recorded: recorded)
    }
}
