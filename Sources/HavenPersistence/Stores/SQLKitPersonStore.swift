import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R1.2, R1.3, R1.6: people on SQLite or PostgreSQL.
struct SQLKitPersonStore: PersonStore {
    let sql: any SQLDatabase
    let cache: ReferenceCache
    /// Set for reads outside the writer, which may be answered from the cache.
    let cachedReads: ReferenceCache?
    let sealer: DataSealer

    struct Row: Codable {
        let id: String
        let email: String
        let name: String
        let kind: String
        let roles: String
        let lineManagerId: String?
        let unavailable: Bool
        let seniority: Int
        let passwordHash: String
        let totpSecret: String?
        let totpLastStep: Int64?
        let createdAt: Int64
        let deactivatedAt: Int64?
        /// The name folded for listing in order (`NameKey`).
        let sortKey: String
        let household: String?

        func person() throws -> Person {
            guard let id = PersonID(string: id), let kind = PersonKind(rawValue: kind) else {
                throw PersistenceError.corruptRow(table: "people")
            }
            return Person(
                id: id, name: name, email: email, kind: kind,
                roleAssignments: try RoleAssignmentV1.decode(roles),
                lineManagerID: lineManagerId.flatMap(PersonID.init(string:)), isUnavailable: unavailable,
                seniority: seniority,
                deactivatedAt: deactivatedAt.map(Date.init(millis:)), household: household)
        }

        func credentials(_ sealer: DataSealer) throws -> Credentials {
            // R7.4: the second factor's secret is sealed to its person (issue 13.1).
            let secret = try totpSecret.map { try sealer.open($0, .secondFactor, row: id) }
            return Credentials(
                person: try person(), passwordHash: passwordHash, totpSecret: secret.flatMap(Base32.decode),
                totpLastStep: totpLastStep)
        }
    }

    func find(_ id: PersonID) async throws -> Person? {
        try await row(where: "id", id.description)?.person()
    }

    func find(_ ids: [PersonID]) async throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        return try await sql.select().column("*").from("people")
            .where("id", .in, SQLBind.group(Set(ids).map(\.description)))
            .all(decoding: Row.self, with: rowDecoder).map { try $0.person() }
    }

    func credentials(email: String) async throws -> Credentials? {
        try await row(where: "email", email.lowercased())?.credentials(sealer)
    }

    func credentials(_ id: PersonID) async throws -> Credentials? {
        guard let cachedReads else { return try await row(where: "id", id.description)?.credentials(sealer) }
        return try await cachedReads.value("person.\(id)") {
            try await row(where: "id", id.description)?.credentials(sealer)
        }
    }

    private func row(where column: String, _ value: String) async throws -> Row? {
        try await sql.select().column("*").from("people").where(SQLIdentifier(column), .equal, SQLBind(value)).first(
            decoding: Row.self, with: rowDecoder)
    }

    func all() async throws -> [Person] {
        guard let cachedReads else { return try await allFromDatabase() }
        return try await cachedReads.value("people.all") { try await allFromDatabase() }
    }

    private func allFromDatabase() async throws -> [Person] {
        try await sql.select().column("*").from("people").orderBy("sort_key").orderBy("id").all(
            decoding: Row.self, with: rowDecoder
        ).map { try $0.person() }
    }

    func accounts(after: PersonID?, limit: Int) async throws -> [(Person, AccountState)]? {
        var query = sql.select().column("*").from("people")
        if let after {
            guard let last = try await row(where: "id", after.description) else { return nil }
            // By key: (sort key, id) after the last person of the previous page, which the index
            // in that order answers without reading the people before it.
            query = query.where(SQLQueryString("(sort_key, id) > (\(bind: last.sortKey), \(bind: last.id))"))
        }
        return try await query.orderBy("sort_key").orderBy("id").limit(limit).all(decoding: Row.self, with: rowDecoder)
            .map { row in
                (
                    try row.person(),
                    AccountState(activated: !row.passwordHash.isEmpty, hasSecondFactor: row.totpSecret != nil)
                )
            }
    }

    func accountStates() async throws -> [PersonID: AccountState] {
        struct State: Decodable {
            let id: String
            let activated: Int
            let enrolled: Int
        }
        let rows = try await sql.raw(
            """
            SELECT id, CASE WHEN password_hash = '' THEN 0 ELSE 1 END AS activated, CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END AS enrolled FROM people
            """
        ).all(decoding: State.self)
        return Dictionary(
            rows.compactMap { row in
                PersonID(string: row.id).map {
                    ($0, AccountState(activated: row.activated == 1, hasSecondFactor: row.enrolled == 1))
                }
            },
            uniquingKeysWith: { first, _ in first })
    }

    func create(_ person: Person, passwordHash: String) async throws {
        cache.written()
        let row = Row(
            id: person.id.description, email: person.email.lowercased(), name: person.name, kind: person.kind.rawValue,
            roles: try RoleAssignmentV1.encode(person.roleAssignments),
            lineManagerId: person.lineManagerID?.description,
            unavailable: person.isUnavailable, seniority: person.seniority, passwordHash: passwordHash, totpSecret: nil,
            totpLastStep: nil, createdAt: Date().millis, deactivatedAt: nil, sortKey: NameKey.sortKey(person.name),
            household: person.household)
        try await sql.insert(into: "people").model(row, with: rowEncoder).run()
    }

    func setRoles(_ id: PersonID, _ assignments: [RoleAssignment]) async throws {
        try await update(id, "roles", SQLBind(try RoleAssignmentV1.encode(assignments)))
    }

    func setKind(_ id: PersonID, _ kind: PersonKind) async throws {
        try await update(id, "kind", SQLBind(kind.rawValue))
    }

    func setLineManager(_ id: PersonID, _ manager: PersonID?) async throws {
        try await update(id, "line_manager_id", SQLBind(manager?.description))
    }

    func setHousehold(_ id: PersonID, _ household: String?) async throws {
        try await update(id, "household", SQLBind(household))
    }

    func setSeniority(_ id: PersonID, _ seniority: Int) async throws {
        try await update(id, "seniority", SQLBind(seniority))
    }

    func setAvailability(_ id: PersonID, unavailable: Bool) async throws {
        try await update(id, "unavailable", SQLBind(unavailable))
    }

    func setSecondFactor(_ id: PersonID, secret: [UInt8]?, recoveryCodeHashes: [String]) async throws {
        cache.written()
        try await sql.update("people").set(
            "totp_secret",
            to: SQLBind(try secret.map { try sealer.seal(Base32.encode($0), .secondFactor, row: id.description) })
        )
        .set("totp_last_step", to: SQLLiteral.null).where("id", .equal, SQLBind(id.description)).run()
        try await sql.delete(from: "recovery_codes").where("person_id", .equal, SQLBind(id.description)).run()
        for hash in recoveryCodeHashes {
            try await sql.insert(into: "recovery_codes").columns("person_id", "code_hash").values(
                SQLBind(id.description), SQLBind(hash)
            ).run()
        }
    }

    func recordTOTPStep(_ id: PersonID, step: Int64) async throws {
        try await update(id, "totp_last_step", SQLBind(step))
    }

    func consumeRecoveryCode(_ id: PersonID, hash: String) async throws -> Bool {
        let found = try await sql.select().column("code_hash").from("recovery_codes")
            .where("person_id", .equal, SQLBind(id.description)).where("code_hash", .equal, SQLBind(hash)).first()
        guard found != nil else { return false }
        cache.written()
        try await sql.delete(from: "recovery_codes").where("person_id", .equal, SQLBind(id.description))
            .where("code_hash", .equal, SQLBind(hash)).run()
        return true
    }

    func setEmail(_ id: PersonID, _ email: String) async throws {
        try await update(id, "email", SQLBind(email.lowercased()))
    }

    func setPasswordHash(_ id: PersonID, _ hash: String) async throws {
        try await update(id, "password_hash", SQLBind(hash))
    }

    func deactivate(_ id: PersonID, at moment: Date) async throws {
        try await update(id, "deactivated_at", SQLBind(moment.millis))
    }

    private func update(_ id: PersonID, _ column: String, _ value: SQLBind) async throws {
        cache.written()
        try await sql.update("people").set(SQLIdentifier(column), to: value).where(
            "id", .equal, SQLBind(id.description)
        ).run()
    }
}
