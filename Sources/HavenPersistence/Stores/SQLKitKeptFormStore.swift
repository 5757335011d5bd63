import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R1.6: forms kept, sealed, for the person whose session ended before they were sent.
struct SQLKitKeptFormStore: KeptFormStore {
    let sql: any SQLDatabase

    struct Row: Codable {
        let id: String
        let personId: String
        let path: String
        let sealed: String
        let createdAt: Int64
        let expiresAt: Int64
    }

    func insert(_ form: SealedForm) async throws {
        try await sql.insert(into: "kept_forms").columns(
            "id", "person_id", "path", "sealed", "created_at", "expires_at"
        )
        .values(
            SQLBind(form.id.lowercasedString), SQLBind(form.person.description), SQLBind(form.path),
            SQLBind(Data(form.sealed).base64EncodedString()), SQLBind(form.createdAt.millis),
            SQLBind(form.expiresAt.millis)
        ).run()
    }

    func forms(of person: PersonID, at moment: Date) async throws -> [SealedForm] {
        try await sql.select().column("*").from("kept_forms").where("person_id", .equal, SQLBind(person.description))
            .where("expires_at", .greaterThan, SQLBind(moment.millis)).orderBy("created_at", .descending).limit(20)
            .all(decoding: Row.self, with: rowDecoder).compactMap { row in
                guard let id = UUID(uuidString: row.id), let sealed = Data(base64Encoded: row.sealed) else {
                    return nil
                }
                return SealedForm(
                    id: id, person: person, path: row.path, sealed: Array(sealed),
                    createdAt: Date(millis: row.createdAt),
                    expiresAt: Date(millis: row.expiresAt))
            }
    }

    func count(of person: PersonID, at moment: Date) async throws -> Int {
        struct Count: Decodable { let count: Int }
        return try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "count").from("kept_forms")
            .where("person_id", .equal, SQLBind(person.description)).where(
                "expires_at", .greaterThan, SQLBind(moment.millis)
            )
            .first(decoding: Count.self)?.count ?? 0
    }

    func owner(of id: UUID) async throws -> PersonID? {
        struct Owner: Decodable { let personId: String }
        return try await sql.select().column("person_id").from("kept_forms").where(
            "id", .equal, SQLBind(id.lowercasedString)
        )
        .first(decoding: Owner.self, with: rowDecoder).flatMap { PersonID(string: $0.personId) }
    }

    func delete(_ id: UUID, of person: PersonID) async throws {
        try await sql.delete(from: "kept_forms").where("id", .equal, SQLBind(id.lowercasedString))
            .where("person_id", .equal, SQLBind(person.description)).run()
    }
}
