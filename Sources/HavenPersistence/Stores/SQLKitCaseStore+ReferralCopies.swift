import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R3.1: copies of referral forms made outside Haven (M030).
extension SQLKitCaseStore {
    struct ReferralCopyRow: Decodable {
        let id: String
        let concernId: String
        let addedBy: String
        let addedAt: Int64
        let mediaType: String
        let filename: String
        let byteCount: Int64
        let sha256: String

        func copy(_ sealer: DataSealer) throws -> ReferralCopy {
            guard let id = ReferralCopyID(string: id), let concern = ConcernID(string: concernId),
                let by = PersonID(string: addedBy), let type = DocumentType(rawValue: mediaType)
            else { throw PersistenceError.corruptRow(table: "referral_copies") }
            return ReferralCopy(
                id: id, concernID: concern, addedBy: by, addedAt: Date(millis: addedAt), type: type,
                filename: try sealer.open(filename, .referralFilename, row: id.description, bound: [concernId]),
                byteCount: Int(byteCount),
                sha256: sha256)
        }
    }

    static let referralCopyColumns = [
        "id", "concern_id", "added_by", "added_at", "media_type", "filename", "byte_count", "sha256",
    ]

    func insertReferralCopy(_ copy: ReferralCopy, bytes: [UInt8]) async throws {
        try await sql.insert(into: "referral_copies").columns(Self.referralCopyColumns + ["content"])
            .values(
                SQLBind(copy.id.description), SQLBind(copy.concernID.description), SQLBind(copy.addedBy.description),
                SQLBind(copy.addedAt.millis), SQLBind(copy.type.rawValue),
                SQLBind(
                    try sealer.seal(
                        copy.filename, .referralFilename, row: copy.id.description,
                        bound: [copy.concernID.description])),
                SQLBind(Int64(copy.byteCount)), SQLBind(copy.sha256),
                SQLBind(
                    Data(
                        try sealer.seal(
                            bytes: bytes,
                            in: SealedColumn.referralDocument.place(copy.id.description, [copy.concernID.description])))
                )
            ).run()
    }

    func referralCopies(_ concern: ConcernID) async throws -> [ReferralCopy] {
        try await sql.select().columns(Self.referralCopyColumns.map { SQLIdentifier($0) }).from("referral_copies")
            .where("concern_id", .equal, SQLBind(concern.description)).orderBy("added_at").orderBy("id")
            .all(decoding: ReferralCopyRow.self, with: rowDecoder).map { try $0.copy(sealer) }
    }

    func referralCopy(_ id: ReferralCopyID) async throws -> (ReferralCopy, [UInt8])? {
        let query = sql.select().columns(
            Self.referralCopyColumns.map { SQLIdentifier($0) } + [SQLIdentifier("content")]
        )
        .from("referral_copies").where("id", .equal, SQLBind(id.description))
        guard let row = try await query.first() else { return nil }
        let copy = try rowDecoder.decode(ReferralCopyRow.self, from: row).copy(sealer)
        let stored = Array(try row.decode(column: "content", as: Data.self))
        let place = SealedColumn.referralDocument.place(id.description, [copy.concernID.description])
        return (copy, try sealer.open(bytes: stored, in: place))
    }
}
