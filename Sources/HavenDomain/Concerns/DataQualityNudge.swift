/// R2.9: a gentle warning while recording. Nudges never block a submission.
public struct DataQualityNudge: Equatable, Sendable, Codable {
    public let field: String
    public let message: Words

    /// R2.9: the nudges for a draft: initials only, an account too short to act on, no time or place.
    public static func nudges(for draft: ConcernDraft) -> [DataQualityNudge] {
        var nudges: [DataQualityNudge] = []
        if let name = draft.child.name, looksLikeInitials(name) {
            nudges.append(
                .init(
                    field: "child.name", message: Words("concerns.name.initialsOnlyGiveTheChilds")
                ))
        }
        if let name = draft.allegedPerpetrator?.name, looksLikeInitials(name) {
            nudges.append(
                .init(
                    field: "allegedPerpetrator.name", message: Words("concerns.name.initialsOnlyAFullName")))
        }
        if !hasWords(12, in: draft.account) {
            nudges.append(
                .init(
                    field: "account", message: Words("concerns.account.theAccountIsVeryShort")))
        }
        if draft.occurredAt == nil {
            nudges.append(
                .init(field: "occurredAt", message: Words("concerns.occurredAt.noTimeGivenWhenDid")))
        }
        if draft.location == nil {
            nudges.append(
                .init(field: "location", message: Words("concerns.location.noPlaceGivenWhereDid")))
        }
        return nudges
    }

    /// Whether `text` has at least `count` words (runs of non-space), reading only as far as needed.
    static func hasWords(_ count: Int, in text: String) -> Bool {
        var words = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            // ASCII (nearly all text) without a Unicode property lookup.
            let isSpace =
                scalar.isASCII
                ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
            if isSpace {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
                if words >= count { return true }
            }
        }
        return false
    }

    /// "J.S.", "JS", "J S" — letters on their own, without a full name.
    static func looksLikeInitials(_ name: String) -> Bool {
        let parts = name.split(whereSeparator: { $0 == " " || $0 == "." }).filter { !$0.isEmpty }
        guard !parts.isEmpty else { return false }
        if parts.count == 1 { return parts[0].count <= 3 && parts[0].allSatisfy(\.isUppercase) }
        return parts.allSatisfy { $0.count == 1 }
    }
}
