/// Issue 13.1, R7.4: the columns that hold case content and second-factor secrets, sealed with
/// `DataSealer`, each bound to its row by the column named `row`. Names, dates of birth and
/// identifiers used to find children stay searchable (docs/security.md says why).
struct SealedColumn: Sendable {
    let table: String
    let row: String
    let column: String
    /// A document's bytes rather than text.
    var isBytes = false

    func place(_ row: String) -> SealedPlace { SealedPlace(table, column, row: row) }

    static let concernContent = SealedColumn(table: "concerns", row: "id", column: "content")
    static let childDetails = SealedColumn(table: "children", row: "id", column: "details")
    static let addendumText = SealedColumn(table: "addenda", row: "id", column: "text")
    static let decision = SealedColumn(table: "triage_decisions", row: "id", column: "body")
    static let action = SealedColumn(table: "case_actions", row: "id", column: "body")
    static let delegation = SealedColumn(table: "case_delegations", row: "id", column: "body")
    static let restricted = SealedColumn(table: "restricted_information", row: "id", column: "text")
    static let referralFilename = SealedColumn(table: "referral_copies", row: "id", column: "filename")
    static let referralDocument = SealedColumn(table: "referral_copies", row: "id", column: "content", isBytes: true)
    static let secondFactor = SealedColumn(table: "people", row: "id", column: "totp_secret")
    static let pendingSecret = SealedColumn(table: "pending_second_factors", row: "token_hash", column: "secret")
    static let pendingCodes = SealedColumn(table: "pending_second_factors", row: "token_hash", column: "recovery_codes")

    static let all: [SealedColumn] = [
        concernContent, childDetails, addendumText, decision, action, delegation, restricted, referralFilename,
        referralDocument, secondFactor, pendingSecret, pendingCodes,
    ]
}

extension DataSealer {
    func seal(_ text: String, _ column: SealedColumn, row: String) throws -> String {
        try seal(text, in: column.place(row))
    }

    func open(_ stored: String, _ column: SealedColumn, row: String) throws -> String {
        try open(stored, in: column.place(row))
    }
}
