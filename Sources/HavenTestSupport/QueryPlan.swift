import FluentKit
import HavenPersistence
import SQLKit

extension TestHaven {
    /// How the database would run `query`: SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN
    /// with sequential and bitmap scans discouraged (so a small test table still shows the index,
    /// and the order it gives, that the query can use), one step per line.
    public func queryPlan(_ query: String) async throws -> String {
        let sql = app.db(HavenDatabase.id) as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            struct Step: Decodable { let detail: String }
            return try await sql.raw("EXPLAIN QUERY PLAN \(unsafeRaw: query)").all(decoding: Step.self).map(\.detail)
                .joined(separator: "\n")
        }
        return try await sql.withSession { session in
            try await session.raw("SET enable_seqscan = off").run()
            try await session.raw("SET enable_bitmapscan = off").run()
            struct Line: Decodable {
                let plan: String
                enum CodingKeys: String, CodingKey { case plan = "QUERY PLAN" }
            }
            let lines = try await session.raw("EXPLAIN \(unsafeRaw: query)").all(decoding: Line.self).map(\.plan)
            try await session.raw("SET enable_seqscan = on").run()
            try await session.raw("SET enable_bitmapscan = on").run()
            return lines.joined(separator: "\n")
        }
    }
}
