import Foundation
import HavenDomain
import HavenFeatures
import SQLKit

/// Issue 13.6: turns at background work, one row per job. Taking a turn is one statement: an
/// insert, or an update of a turn that has run out or is the taker's own, so two servers
/// cannot both take it (on PostgreSQL the row's lock orders them; on SQLite its one writer).
struct SQLKitBackgroundTurnStore: BackgroundTurnStore {
    let sql: any SQLDatabase

    func take(_ job: String, holder: String, at: Date, until: Date) async throws -> Bool {
        let query: SQLQueryString = """
            INSERT INTO background_turns (job, holder, until_millis)
            VALUES (\(bind: job), \(bind: holder), \(bind: until.millis))
            ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, until_millis = excluded.until_millis
            WHERE background_turns.until_millis <= \(bind: at.millis) OR background_turns.holder = \(bind: holder)
            RETURNING job
            """
        return try await sql.raw(query).first() != nil
    }

    func turn(_ job: String) async throws -> BackgroundTurn? {
        struct Row: Decodable {
            let holder: String
            let untilMillis: Int64
        }
        return try await sql.select().columns("holder", "until_millis").from("background_turns")
            .where("job", .equal, SQLBind(job)).first(decoding: Row.self, with: rowDecoder)
            .map { BackgroundTurn(holder: $0.holder, until: Date(millis: $0.untilMillis)) }
    }
}
