/// Issue 13.1, R7.4: the columns that hold case content and second-factor secrets, sealed with
/// `DataSealer`, each bound to its row (the column named `row`) and to the columns in `bound`
/// (the concern it belongs to, who wrote it), so that a value does not open if it, or its row,
/// is moved. Names, dates of birth and identifiers used to find children stay searchable
/// (docs/security.md says why).
public struct SealedColumn: Sendable {
    public let table: String
    public let row: String
    public let column: String
    public var bound: [String] = []
    /// A document's bytes rather than text.
    public var isBytes = false
    /// An empty value is one let go once used (a sent email's body): there is nothing to seal.
    public var emptiedOnceUsed = false
    /// What becomes of a value that is not genuine (in plain, or not opening) in a column whose
    /// values are let go rather than refused: emptied, with `at` set to when (if not set yet)
    /// and `markColumn` to `mark`. Nil: such a value is refused, and Haven does not start.
    public var letGo: LetGo?

    public struct LetGo: Sendable {
        public let at: String
        public let markColumn: String
        public let mark: String
    }
    /// The version of the set of sealed columns this one joined. A database records the version
    /// it has sealed (`DataSealing`); values in plain in a column that joined later were stored
    /// before it did, and are sealed on the first pass after the upgrade.
    public var joined = 1

    public func place(_ row: String, _ bound: [String] = []) -> SealedPlace {
        precondition(bound.count == self.bound.count, "\(table).\(column) is bound to \(self.bound)")
        return SealedPlace(table, column, row: row, bound: bound)
    }

    static let concernContent = SealedColumn(
        table: "concerns", row: "id", column: "content", bound: ["child_id", "recorded_by"])
    static let childDetails = SealedColumn(table: "children", row: "id", column: "details")
    static let addendumText = SealedColumn(
        table: "addenda", row: "id", column: "text", bound: ["concern_id", "author"])
    static let decision = SealedColumn(table: "triage_decisions", row: "id", column: "body", bound: ["concern_id"])
    static let action = SealedColumn(table: "case_actions", row: "id", column: "body", bound: ["concern_id"])
    static let delegation = SealedColumn(
        table: "case_delegations", row: "id", column: "body", bound: ["concern_id", "delegate_id"])
    static let restricted = SealedColumn(
        table: "restricted_information", row: "id", column: "text", bound: ["concern_id", "added_by"])
    static let referralFilename = SealedColumn(
        table: "referral_copies", row: "id", column: "filename", bound: ["concern_id"])
    static let referralDocument = SealedColumn(
        table: "referral_copies", row: "id", column: "content", bound: ["concern_id"], isBytes: true)
    static let secondFactor = SealedColumn(table: "people", row: "id", column: "totp_secret")
    static let pendingSecret = SealedColumn(table: "pending_second_factors", row: "token_hash", column: "secret")
    static let pendingCodes = SealedColumn(table: "pending_second_factors", row: "token_hash", column: "recovery_codes")
    /// A digest of every answer, restricted ones included: sealed, so that it cannot be used to
    /// confirm a guess at what was recorded.
    static let submissionFingerprint = SealedColumn(
        table: "concern_submissions", row: "concern_id", column: "fingerprint", bound: ["recorded_by"])

    /// An email waiting to be sent: it may hold a link that activates an account or resets a
    /// password. Bound to its recipient and subject, so that a link cannot be sent elsewhere, or
    /// under other words, by changing them in the database; emptied once sent. One that is not
    /// genuine is withdrawn, never sent, and never stops Haven (nor a key's rotation).
    static let outboxBody = SealedColumn(
        table: "outbox", row: "id", column: "body", bound: ["recipient", "subject"], emptiedOnceUsed: true,
        letGo: LetGo(at: "sent_at", markColumn: "last_error", mark: "not_sealed"), joined: 2)

    public static let all: [SealedColumn] = [
        concernContent, childDetails, addendumText, decision, action, delegation, restricted, referralFilename,
        referralDocument, secondFactor, pendingSecret, pendingCodes, submissionFingerprint, outboxBody,
    ]

    /// The version of the set of sealed columns this Haven seals.
    public static let version = all.map(\.joined).max() ?? 1
}

extension DataSealer {
    func seal(_ text: String, _ column: SealedColumn, row: String, bound: [String] = []) throws -> String {
        try seal(text, in: column.place(row, bound))
    }

    func open(_ stored: String, _ column: SealedColumn, row: String, bound: [String] = []) throws -> String {
        try open(stored, in: column.place(row, bound))
    }
}
