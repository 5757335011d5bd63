import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// R1.2: protected changes and their decisions on SQLite or PostgreSQL.
struct SQLKitApprovalStore: ApprovalStore {
    let sql: any SQLDatabase

    struct Row: Codable {
        let id: String
        let change: String
        let requestedBy: String
        let requestedAt: Int64
        let status: String
        let decidedBy: String?
        let decidedAt: Int64?

        func approval() throws -> SafeguardingApproval {
            guard let id = ApprovalID(string: id), let requester = PersonID(string: requestedBy),
                let status = SafeguardingApproval.Status(rawValue: status)
            else { throw PersistenceError.corruptRow(table: "approvals") }
            return SafeguardingApproval(
                id: id, change: try ProtectedChangeV1.decode(change), requestedBy: requester,
                requestedAt: Date(millis: requestedAt), status: status,
                decidedBy: decidedBy.flatMap(PersonID.init(string:)), decidedAt: decidedAt.map(Date.init(millis:)))
        }
    }

    func insert(_ approval: SafeguardingApproval) async throws {
        try await sql.insert(into: "approvals").model(
            Row(
                id: approval.id.description, change: try ProtectedChangeV1.encode(approval.change),
                requestedBy: approval.requestedBy.description,
                requestedAt: approval.requestedAt.millis, status: approval.status.rawValue,
                decidedBy: approval.decidedBy?.description,
                decidedAt: approval.decidedAt?.millis), with: rowEncoder
        ).run()
    }

    func find(_ id: ApprovalID) async throws -> SafeguardingApproval? {
        try await sql.select().column("*").from("approvals").where("id", .equal, SQLBind(id.description))
            .first(decoding: Row.self, with: rowDecoder)?.approval()
    }

    func pending() async throws -> [SafeguardingApproval] {
        try await sql.select().column("*").from("approvals").where(
            "status", .equal, SQLBind(SafeguardingApproval.Status.pending.rawValue)
        )
        .orderBy("requested_at").limit(500).all(decoding: Row.self, with: rowDecoder).map { try $0.approval() }
    }

    func decided(limit: Int) async throws -> [SafeguardingApproval] {
        try await sql.select().column("*").from("approvals").where(
            "status", .notEqual, SQLBind(SafeguardingApproval.Status.pending.rawValue)
        )
        .orderBy("requested_at", .descending).limit(limit).all(decoding: Row.self, with: rowDecoder).map {
            try $0.approval()
        }
    }

    func decide(_ id: ApprovalID, status: SafeguardingApproval.Status, by person: PersonID, at moment: Date)
        async throws
    {
        try await sql.update("approvals").set("status", to: SQLBind(status.rawValue)).set(
            "decided_by", to: SQLBind(person.description)
        )
        .set("decided_at", to: SQLBind(moment.millis)).where("id", .equal, SQLBind(id.description)).run()
    }
}

/// R1.2: notes in the app for one person.
struct SQLKitNoticeStore: NoticeStore {
    let sql: any SQLDatabase

    struct Row: Codable {
        let id: String
        let recipient: String
        let message: String
        let link: String?
        let createdAt: Int64
    }

    func insert(_ notice: Notice) async throws {
        try await sql.insert(into: "notices").columns("id", "recipient", "message", "link", "created_at")
            .values(
                SQLBind(notice.id.lowercasedString), SQLBind(notice.recipient.description), SQLBind(notice.message),
                SQLBind(notice.link), SQLBind(notice.createdAt.millis)
            ).run()
    }

    func notices(for person: PersonID, limit: Int) async throws -> [Notice] {
        try await sql.select().column("*").from("notices").where("recipient", .equal, SQLBind(person.description))
            .orderBy("created_at", .descending).limit(limit).all(decoding: Row.self, with: rowDecoder).compactMap {
                row in
                UUID(uuidString: row.id).map {
                    Notice(
                        id: $0, recipient: person, message: row.message, link: row.link,
                        createdAt: Date(millis: row.createdAt))
                }
            }
    }
}

/// R1.2, R1.6: one-time account links (hashes only).
struct SQLKitAccountTokenStore: AccountTokenStore {
    let sql: any SQLDatabase

    struct Row: Codable {
        let tokenHash: String
        let personId: String
        let purpose: String
        let createdAt: Int64
        let expiresAt: Int64
        let usedAt: Int64?
    }

    func insert(_ token: AccountToken) async throws {
        try await sql.insert(into: "account_tokens").columns(
            "token_hash", "person_id", "purpose", "created_at", "expires_at", "used_at"
        )
        .values(
            SQLBind(token.tokenHash), SQLBind(token.person.description), SQLBind(token.purpose.rawValue),
            SQLBind(token.createdAt.millis),
            SQLBind(token.expiresAt.millis), SQLBind(token.usedAt?.millis)
        ).run()
    }

    func find(tokenHash: String) async throws -> AccountToken? {
        guard
            let row = try await sql.select().column("*").from("account_tokens").where(
                "token_hash", .equal, SQLBind(tokenHash)
            )
            .first(decoding: Row.self, with: rowDecoder), let person = PersonID(string: row.personId),
            let purpose = AccountTokenPurpose(rawValue: row.purpose)
        else { return nil }
        return AccountToken(
            tokenHash: row.tokenHash, person: person, purpose: purpose, createdAt: Date(millis: row.createdAt),
            expiresAt: Date(millis: row.expiresAt), usedAt: row.usedAt.map(Date.init(millis:)))
    }

    func markUsed(tokenHash: String, at moment: Date) async throws {
        try await sql.update("account_tokens").set("used_at", to: SQLBind(moment.millis)).where(
            "token_hash", .equal, SQLBind(tokenHash)
        ).run()
    }

    func revoke(person: PersonID, purpose: AccountTokenPurpose, at moment: Date) async throws {
        try await sql.update("account_tokens").set("used_at", to: SQLBind(moment.millis)).where(
            "person_id", .equal, SQLBind(person.description)
        )
        .where("purpose", .equal, SQLBind(purpose.rawValue)).where("used_at", .is, SQLLiteral.null).run()
    }
}
