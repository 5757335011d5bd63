import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R7.1: what a child shared in confidence, in its own table (M028).
extension SQLKitConcernStore {
    struct RestrictedRow: Codable {
        let id: String
        let concernId: String
        let addedBy: String
        let addedAt: Int64
        let text: String

        func information(_ sealer: DataSealer) throws -> RestrictedInformation {
            guard let id = RestrictedInformationID(string: id), let concern = ConcernID(string: concernId),
                let by = PersonID(string: addedBy)
            else { throw PersistenceError.corruptRow(table: "restricted_information") }
            return RestrictedInformation(
                id: id, concernID: concern, addedBy: by, addedAt: Date(millis: addedAt),
                text: try sealer.open(text, .restricted, row: id.description, bound: [concernId, addedBy]))
        }
    }

    func insertRestricted(_ information: RestrictedInformation) async throws {
        try await sql.insert(into: "restricted_information").model(
            RestrictedRow(
                id: information.id.description, concernId: information.concernID.description,
                addedBy: information.addedBy.description, addedAt: information.addedAt.millis,
                text: try sealer.seal(
                    information.text, .restricted, row: information.id.description,
                    bound: [information.concernID.description, information.addedBy.description])),
            with: rowEncoder
        ).run()
    }

    func restricted(_ concern: ConcernID) async throws -> [RestrictedInformation] {
        try await sql.select().column("*").from("restricted_information")
            .where("concern_id", .equal, SQLBind(concern.description))
            .orderBy("added_at").orderBy("id")
            .all(decoding: RestrictedRow.self, with: rowDecoder).map { try $0.information(sealer) }
    }

    func restrictedAuthors(ids: [RestrictedInformationID]) async throws -> [RestrictedInformationID: PersonID] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            let id: String
            let addedBy: String
        }
        let rows = try await sql.select().column("id").column("added_by").from("restricted_information")
            .where("id", .in, SQLBind.group(ids.map(\.description))).all(decoding: Row.self, with: rowDecoder)
        return Dictionary(
            rows.compactMap { row in
                RestrictedInformationID(string: row.id).flatMap { id in PersonID(string: row.addedBy).map { (id, $0) } }
            }, uniquingKeysWith: { first, _ in first })
    }

    func restrictedCount(_ concern: ConcernID) async throws -> Int {
        struct Row: Decodable { let count: Int }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
            .from("restricted_information").where("concern_id", .equal, SQLBind(concern.description))
            .first(decoding: Row.self)?.count ?? 0
    }
}
