import FluentKit
import Foundation
import HavenDomain
import HavenTestSupport
import SQLKit
import Testing

@testable import HavenPersistence

/// R7.1: each piece of restricted information has a line in the chronology of every child its
/// concern is about (that it was written down, never what); M031 fills them in for information
/// kept before, the same lines the recording writes.
@Suite("R7.1 chronology lines for what was shared in confidence, on both databases")
struct RestrictedChronologyTests {
    struct Line: Decodable, Hashable {
        let childId: String
        let recordId: String
        let at: Int64
    }

    @Test(arguments: TestDatabaseKind.available)
    func theLinesAreWrittenAndFilledInAlike(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let sent = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Confiding Child"), ("howItArose", "disclosed_by_child"),
                    ("account", "She said she is scared to go home."),
                    ("linkedChild1.name", "Confiding Sibling"), ("linkedChild1.relationship", "brother"),
                    ("restricted", "She asked me not to tell her mum about her girlfriend."),
                ], session: reporter)
            #expect(sent.status == .seeOther)
            let sql = haven.app.db(HavenDatabase.id) as! any SQLDatabase
            func lines() async throws -> Set<Line> {
                Set(
                    try await sql.select().columns("child_id", "record_id", "at").from("chronology_lines")
                        .where("kind", .equal, SQLBind("restricted_added"))
                        .all(decoding: Line.self, with: SQLRowDecoder(keyDecodingStrategy: .convertFromSnakeCase)))
            }
            let written = try await lines()
            // The child and the sibling the concern names: one line each, for the one piece.
            #expect(written.count == 2 && Set(written.map(\.recordId)).count == 1)
            let db = haven.app.db(HavenDatabase.id)
            try await M031_RestrictedChronology().revert(on: db)
            #expect(try await lines().isEmpty)
            try await M031_RestrictedChronology().prepare(on: db)
            #expect(try await lines() == written)
        }
    }
}
