/// R2.4: where a page of a concern's addenda ends, in the order they were added (time, then id),
/// so the next page starts straight after it however many share a millisecond.
public struct AddendumPosition: Equatable, Sendable {
    public let addedAtMillis: Int64
    public let addendumID: AddendumID

    public init(addedAtMillis: Int64, addendumID: AddendumID) {
        self.addedAtMillis = addedAtMillis
        self.addendumID = addendumID
    }

    public init(after addendum: Addendum) {
        self.init(addedAtMillis: addendum.addedAt.millis, addendumID: addendum.id)
    }

    public var token: String { "\(addedAtMillis).\(addendumID)" }

    /// nil unless `token` is exactly what `token` writes.
    public init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard token.utf8.count <= 80, parts.count == 2, let millis = Int64(parts[0]), millis >= 0,
            let id = AddendumID(string: String(parts[1]))
        else { return nil }
        self.init(addedAtMillis: millis, addendumID: id)
        guard self.token == token else { return nil }
    }
}
