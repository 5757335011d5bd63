import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R1.6: sessions and failed sign-ins on SQLite or PostgreSQL.
struct SQLKitSessionStore: SessionStore {
    let sql: any SQLDatabase
    let cache: ReferenceCache
    let cachedReads: ReferenceCache?
    let sealer: DataSealer

    struct Row: Codable {
        let tokenHash: String
        let personId: String
        let csrfToken: String
        let secondFactorPassed: Bool
        let createdAt: Int64
        let expiresAt: Int64
        let lastSeenAt: Int64?
    }

    func create(_ session: Session) async throws {
        cache.written()
        try await sql.insert(into: "sessions").model(
            Row(
                tokenHash: session.tokenHash, personId: session.person.description, csrfToken: session.csrfToken,
                secondFactorPassed: session.secondFactorPassed, createdAt: session.createdAt.millis,
                expiresAt: session.expiresAt.millis,
                lastSeenAt: session.lastSeenAt.millis),
            with: rowEncoder
        ).run()
    }

    func find(tokenHash: String) async throws -> Session? {
        guard let cachedReads else { return try await findInDatabase(tokenHash: tokenHash) }
        return try await cachedReads.value("session.\(tokenHash)") { try await findInDatabase(tokenHash: tokenHash) }
    }

    private func findInDatabase(tokenHash: String) async throws -> Session? {
        guard
            let row = try await sql.select().column("*").from("sessions").where(
                "token_hash", .equal, SQLBind(tokenHash)
            )
            .first(decoding: Row.self, with: rowDecoder), let person = PersonID(string: row.personId)
        else { return nil }
        return Session(
            tokenHash: row.tokenHash, person: person, csrfToken: row.csrfToken,
            secondFactorPassed: row.secondFactorPassed,
            createdAt: Date(millis: row.createdAt), expiresAt: Date(millis: row.expiresAt),
            lastSeenAt: row.lastSeenAt.map(Date.init(millis:)))
    }

    func passSecondFactor(tokenHash: String, newTokenHash: String) async throws {
        cache.written()
        try await sql.update("sessions").set("token_hash", to: SQLBind(newTokenHash)).set(
            "second_factor_passed", to: SQLBind(true)
        )
        .where("token_hash", .equal, SQLBind(tokenHash)).run()
        // R7.4: a waiting enrolment is sealed to its session's token, so it moves to the new one
        // sealed again.
        guard let pending = try await pendingEnrolment(tokenHash: tokenHash) else { return }
        try await savePendingEnrolment(pending, tokenHash: newTokenHash)
        try await deletePendingEnrolment(tokenHash: tokenHash)
    }

    struct PendingRow: Codable {
        let tokenHash: String
        let secret: String
        let recoveryCodes: String
        let createdAt: Int64
    }

    func savePendingEnrolment(_ enrolment: SecondFactorEnrolment, tokenHash: String) async throws {
        try await deletePendingEnrolment(tokenHash: tokenHash)
        try await sql.insert(into: "pending_second_factors").model(
            PendingRow(
                tokenHash: tokenHash, secret: try sealer.seal(enrolment.secretText, .pendingSecret, row: tokenHash),
                recoveryCodes: try sealer.seal(
                    enrolment.recoveryCodes.joined(separator: " "), .pendingCodes, row: tokenHash),
                createdAt: enrolment.createdAt.millis), with: rowEncoder
        ).run()
    }

    func pendingEnrolment(tokenHash: String) async throws -> SecondFactorEnrolment? {
        guard
            let row = try await sql.select().column("*").from("pending_second_factors").where(
                "token_hash", .equal, SQLBind(tokenHash)
            )
            .first(decoding: PendingRow.self, with: rowDecoder),
            let secret = Base32.decode(try sealer.open(row.secret, .pendingSecret, row: tokenHash))
        else { return nil }
        let codes = try sealer.open(row.recoveryCodes, .pendingCodes, row: tokenHash)
        return SecondFactorEnrolment(
            secret: secret, recoveryCodes: codes.split(separator: " ").map(String.init),
            createdAt: Date(millis: row.createdAt))
    }

    func deletePendingEnrolment(tokenHash: String) async throws {
        try await sql.delete(from: "pending_second_factors").where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    func delete(tokenHash: String) async throws {
        cache.written()
        try await sql.delete(from: "sessions").where("token_hash", .equal, SQLBind(tokenHash)).run()
        try await sql.delete(from: "file_visits").where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    func fileOpened(tokenHash: String, child: ChildID) async throws -> Date? {
        struct Row: Decodable { let openedAt: Int64 }
        return try await sql.select().column("opened_at").from("file_visits")
            .where("token_hash", .equal, SQLBind(tokenHash)).where("child_id", .equal, SQLBind(child.description))
            .first(decoding: Row.self, with: rowDecoder).map { Date(millis: $0.openedAt) }
    }

    func recordFileOpened(tokenHash: String, child: ChildID, at moment: Date) async throws {
        try await sql.delete(from: "file_visits").where("token_hash", .equal, SQLBind(tokenHash))
            .where("child_id", .equal, SQLBind(child.description)).run()
        try await sql.insert(into: "file_visits").columns("token_hash", "child_id", "opened_at")
            .values(SQLBind(tokenHash), SQLBind(child.description), SQLBind(moment.millis)).run()
    }

    func endAll(of person: PersonID, except tokenHash: String?, at moment: Date) async throws {
        cache.written()
        var query = sql.update("sessions").set("expires_at", to: SQLBind(moment.millis)).where(
            "person_id", .equal, SQLBind(person.description)
        )
        .where("expires_at", .greaterThan, SQLBind(moment.millis))
        if let tokenHash { query = query.where("token_hash", .notEqual, SQLBind(tokenHash)) }
        try await query.run()
    }

    func deleteExpired(before: Date, idleBefore: Date) async throws {
        cache.written()
        try await sql.delete(from: "sessions").where("expires_at", .lessThan, SQLBind(before.millis))
            .orWhere("last_seen_at", .lessThan, SQLBind(idleBefore.millis)).run()
        // A visit lasts half an hour: any older than the idle limit is over.
        try await sql.delete(from: "file_visits").where("opened_at", .lessThan, SQLBind(idleBefore.millis)).run()
    }

    func touch(tokenHash: String, at moment: Date) async throws {
        cache.written()
        try await sql.update("sessions").set("last_seen_at", to: SQLBind(moment.millis)).where(
            "token_hash", .equal, SQLBind(tokenHash)
        ).run()
    }

    func recordFailure(key: String, at: Date) async throws {
        try await sql.insert(into: "sign_in_failures").columns("failure_key", "at").values(
            SQLBind(key), SQLBind(at.millis)
        ).run()
    }

    func failures(key: String, since: Date) async throws -> [Date] {
        struct At: Decodable { let at: Int64 }
        return try await sql.select().column("at").from("sign_in_failures").where("failure_key", .equal, SQLBind(key))
            .where("at", .greaterThanOrEqual, SQLBind(since.millis)).all(decoding: At.self).map { Date(millis: $0.at) }
    }

    func clearFailures(key: String) async throws {
        try await sql.delete(from: "sign_in_failures").where("failure_key", .equal, SQLBind(key)).run()
    }
}
