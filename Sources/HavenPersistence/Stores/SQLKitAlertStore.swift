import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R2.5: in-app alerts and the email outbox on SQLite or PostgreSQL.
struct SQLKitAlertStore: AlertStore {
    let sql: any SQLDatabase
    /// Issue 13.1: an email's body is sealed until it is sent (it may hold a link to activate an
    /// account or reset a password), bound to its recipient.
    let sealer: DataSealer

    struct AlertRow: Codable {
        let id: String
        let recipient: String
        let concernId: String
        let reference: String
        let priority: Int
        let createdAt: Int64
    }

    struct EmailRow: Codable {
        let id: String
        let recipient: String
        let subject: String
        let body: String
        let createdAt: Int64
        let attempts: Int
        let nextAttemptAt: Int64

        /// The email, its body opened if it opens where it is (`OutboxEmail.opening` says).
        func email(_ sealer: DataSealer) -> OutboxEmail {
            let id = UUID(uuidString: self.id) ?? UUID()
            var body = ""
            var opening = OutboxEmail.Opening.opened
            do {
                body = try sealer.open(self.body, .outboxBody, row: self.id, bound: [recipient, subject])
            } catch SealingError.unknownKey {
                opening = .keyNotHeld
            } catch {
                opening = .changed
            }
            var email = OutboxEmail(
                id: id, to: recipient, subject: subject, body: body, createdAt: Date(millis: createdAt),
                attempts: attempts, nextAttemptAt: Date(millis: nextAttemptAt))
            email.opening = opening
            return email
        }

        /// Whether the row's id is one Haven writes (a UUID in lower case): any other was put
        /// there by someone else, and would not be found again by its UUID.
        var hasHavensID: Bool { UUID(uuidString: id)?.lowercasedString == id }
    }

    func insert(_ alert: InAppAlert) async throws {
        try await sql.insert(into: "alerts").columns(
            "id", "recipient", "concern_id", "reference", "priority", "created_at"
        )
        .values(
            SQLBind(alert.id.lowercasedString), SQLBind(alert.recipient.description),
            SQLBind(alert.concernID.description),
            SQLBind(alert.reference), SQLBind(alert.priority.rawValue), SQLBind(alert.createdAt.millis)
        ).run()
    }

    func alerts(for person: PersonID, limit: Int) async throws -> [InAppAlert] {
        try await sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("alerts"))).from("alerts")
            .join(
                "untriaged_concerns", on: SQLColumn("concern_id", table: "alerts"), .equal,
                SQLColumn("concern_id", table: "untriaged_concerns")
            )
            .where(SQLColumn("recipient", table: "alerts"), .equal, SQLBind(person.description))
            .orderBy(SQLColumn("priority", table: "alerts"), SQLDirection.ascending)
            .orderBy(SQLColumn("created_at", table: "alerts"), SQLDirection.descending).limit(limit).all(
                decoding: AlertRow.self, with: rowDecoder
            ).compactMap {
                row in
                guard let id = UUID(uuidString: row.id), let concern = ConcernID(string: row.concernId),
                    let priority = ConcernPriority(rawValue: row.priority)
                else { return nil }
                return InAppAlert(
                    id: id, recipient: person, concernID: concern, reference: row.reference, priority: priority,
                    createdAt: Date(millis: row.createdAt))
            }
    }

    func concernsAlerted(to person: PersonID, limit: Int) async throws -> [ConcernID] {
        struct Row: Decodable {
            let concernId: String
            let newest: Int64
        }
        return try await sql.select().column("concern_id").column(
            SQLFunction("MAX", args: SQLColumn("created_at")), as: "newest"
        )
        .from("alerts").where("recipient", .equal, SQLBind(person.description)).groupBy("concern_id")
        .orderBy("newest", .descending).limit(limit).all(decoding: Row.self, with: rowDecoder)
        .compactMap { ConcernID(string: $0.concernId) }
    }

    func enqueue(_ email: OutboxEmail) async throws {
        try await sql.insert(into: "outbox").columns(
            "id", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at"
        )
        .values(
            SQLBind(email.id.lowercasedString), SQLBind(email.to), SQLBind(email.subject),
            SQLBind(
                try sealer.seal(
                    email.body, .outboxBody, row: email.id.lowercasedString, bound: [email.to, email.subject])),
            SQLBind(email.createdAt.millis), SQLBind(email.attempts), SQLBind(email.nextAttemptAt.millis)
        ).run()
    }

    func dueEmails(at: Date, limit: Int) async throws -> [OutboxEmail] {
        try await sql.select().columns(
            "id", "recipient", "subject", "body", "created_at", "attempts", "next_attempt_at"
        ).from("outbox")
            .where("sent_at", .is, SQLLiteral.null).where("next_attempt_at", .lessThanOrEqual, SQLBind(at.millis))
            .where {
                $0.where("claimed_until", .is, SQLLiteral.null).orWhere(
                    "claimed_until", .lessThanOrEqual, SQLBind(at.millis))
            }
            .orderBy("created_at").limit(limit).all(decoding: EmailRow.self, with: rowDecoder).map {
                $0.email(sealer)
            }
    }

    func markSent(_ id: UUID, at: Date) async throws {
        // Once sent, the body is not kept: it may hold a link to activate an account or reset a
        // password, which a copy of the database must not give away.
        try await sql.update("outbox").set("sent_at", to: SQLBind(at.millis)).set("body", to: SQLBind(""))
            .set("claimed_until", to: SQLLiteral.null).where(
                "id", .equal, SQLBind(id.lowercasedString)
            ).run()
    }

    func markFailed(_ id: UUID, attempts: Int, nextAttemptAt: Date, error: String) async throws {
        try await sql.update("outbox").set("attempts", to: SQLBind(attempts)).set(
            "next_attempt_at", to: SQLBind(nextAttemptAt.millis)
        )
        .set("last_error", to: SQLBind(String(error.prefix(500)))).set("claimed_until", to: SQLLiteral.null)
        .where("id", .equal, SQLBind(id.lowercasedString))
        .run()
    }

    func oldestUnsentEmail() async throws -> UnsentEmail? {
        struct Row: Decodable {
            let recipient: String
            let createdAt: Int64
            let attempts: Int
            let lastError: String?
        }
        // Read as text and numbers whatever SQLite holds, so that a row nobody could send still
        // shows on the dashboard instead of stopping it.
        return try await sql.raw(
            """
            SELECT CAST(recipient AS TEXT) AS recipient, CAST(created_at AS BIGINT) AS created_at, \
            CAST(attempts AS BIGINT) AS attempts, CAST(last_error AS TEXT) AS last_error FROM outbox \
            WHERE sent_at IS NULL ORDER BY outbox.created_at LIMIT 1
            """
        )
        .first(decoding: Row.self, with: rowDecoder).map {
            UnsentEmail(
                to: $0.recipient, createdAt: Date(millis: $0.createdAt), attempts: $0.attempts,
                // Failures written before reasons were kept read as "sending failed".
                failure: $0.lastError.map { MailFailure(rawValue: $0) ?? .other })
        }
    }

    func retryUnsent(at: Date) async throws {
        try await sql.update("outbox").set("next_attempt_at", to: SQLBind(at.millis))
            .where("sent_at", .is, SQLLiteral.null).where("next_attempt_at", .greaterThan, SQLBind(at.millis)).run()
    }

    /// An update taking unsent emails out of the outbox: `sent_at` says when they left it,
    /// `last_error` why they left unsent, and their bodies are emptied.
    func withdrawing(at: Date, because: Withdrawal) -> SQLUpdateBuilder {
        sql.update("outbox").set("sent_at", to: SQLBind(at.millis)).set("body", to: SQLBind(""))
            .set("last_error", to: SQLBind(because.rawValue)).set("claimed_until", to: SQLLiteral.null)
            .where("sent_at", .is, SQLLiteral.null)
    }

    func withdraw(_ id: UUID, at: Date, because: Withdrawal) async throws {
        try await withdrawing(at: at, because: because).where("id", .equal, SQLBind(id.lowercasedString)).run()
    }

    func withdrawRefused(to address: String, at: Date) async throws -> Int {
        struct Row: Decodable { let id: String }
        return try await withdrawing(at: at, because: .addressLeft)
            .where("recipient", .equal, SQLBind(address))
            .where("last_error", .equal, SQLBind(MailFailure.refused.rawValue))
            .where {
                $0.where("claimed_until", .is, SQLLiteral.null).orWhere(
                    "claimed_until", .lessThanOrEqual, SQLBind(at.millis))
            }
            .returning("id").all(decoding: Row.self).count
    }

    func pendingEmailCount() async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("outbox")
            .where("sent_at", .is, SQLLiteral.null).first(decoding: Count.self)?.n ?? 0
    }

    func failingEmailCount() async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("outbox")
            .where("sent_at", .is, SQLLiteral.null).where("attempts", .greaterThan, SQLBind(0)).first(
                decoding: Count.self)?.n ?? 0
    }
}
