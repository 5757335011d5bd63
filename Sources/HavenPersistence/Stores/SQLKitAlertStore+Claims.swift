import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// Issue 13.6: emails are claimed one at a time, so that with several servers on one database
/// each is sent by one of them. On PostgreSQL the row is locked as it is claimed and a row
/// another server is claiming is skipped (`FOR UPDATE SKIP LOCKED`), never waited for; on
/// SQLite one writer claims at a time anyway.
extension SQLKitAlertStore {
    func claimNextDueEmail(at now: Date, until: Date) async throws -> OutboxEmail? {
        let skipLocked = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        // SQLite keeps whatever type it is given: a row Haven could not have written (a NULL id,
        // bytes for an address, text for a count) is never claimed, so it cannot stop the rest;
        // it stays unsent, on the dashboard. PostgreSQL's columns refuse such rows.
        let wellFormed =
            sql.dialect.name == "sqlite"
            ? " AND typeof(id) = 'text' AND typeof(recipient) = 'text' AND typeof(subject) = 'text'"
                + " AND typeof(body) = 'text' AND typeof(attempts) = 'integer' AND typeof(created_at) = 'integer'"
                + " AND typeof(next_attempt_at) = 'integer'" : ""
        let query: SQLQueryString = """
            UPDATE outbox SET claimed_until = \(bind: until.millis) WHERE id = (
                SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= \(bind: now.millis)
                AND (claimed_until IS NULL OR claimed_until <= \(bind: now.millis))\(unsafeRaw: wellFormed)
                ORDER BY created_at, id LIMIT 1\(unsafeRaw: skipLocked))
            RETURNING id, recipient, subject, body, created_at, attempts, next_attempt_at
            """
        guard let row = try await sql.raw(query).first(decoding: EmailRow.self, with: rowDecoder) else { return nil }
        var email = row.email(sealer)
        // Issue 13.1: a row Haven did not write (its id is not one of Haven's) leaves the outbox
        // here, by the id it has, so that it never holds a claim the others wait behind.
        if !row.hasHavensID {
            try await withdrawing(at: now, because: .changedWithoutKey).where("id", .equal, SQLBind(row.id)).run()
            email.opening = .changed
        }
        return email
    }
}
