import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing

/// R7.7: a child's access log is read a page at a time, newest first, each page an index range
/// per record, so a child whose file has been opened thousands of times still shows every line
/// (none dropped past a cut-off) without reading them all for one page.
@Suite("R7.7 a child's access log a page at a time, on both databases")
struct AccessLogPagingTests {
    @Test(arguments: TestDatabaseKind.available)
    func everyLineIsShownOnceNewestFirst(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "Often Opened").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let child = try await ReadConcern(haven.env)(concern, by: dsl).child.id
            let reason = try FileOpeningReason.validated(purpose: "case_review", note: nil)
            for _ in 0..<130 {
                _ = try await OpenChildFile(haven.env)(
                    child, order: .newestFirst, category: nil, reason: reason, by: dsl)
                _ = try await ReadConcern(haven.env)(concern, by: dsl)
            }
            // Another child's file, opened too: none of its lines belong in this log.
            let other = try await haven.recordConcern(about: "Someone Else").receipt.concernID
            _ = try await ReadConcern(haven.env)(other, by: dsl)

            let expected = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(subjectType: .child, subjectIDs: [child.description], limit: 100_000)
                    + tx.auditLog.events(subjectType: .concern, subjectIDs: [concern.description], limit: 100_000)
            }.map(\.sequence).sorted(by: >)
            #expect(expected.count > 2 * ViewAccessLog.pageSize)

            var seen: [Int64] = []
            var before: Int64? = nil
            var pages = 0
            repeat {
                let page = try await ViewAccessLog(haven.env)(child, before: before, by: dsl)
                #expect(page.lines.count <= ViewAccessLog.pageSize)
                seen += page.lines.map(\.sequence)
                before = page.next
                pages += 1
            } while before != nil && pages < 10
            #expect(seen == expected)
            #expect(pages == (expected.count + ViewAccessLog.pageSize - 1) / ViewAccessLog.pageSize)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aPageIsAnIndexRangeForEachRecord(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let plan = try await haven.queryPlan(
                """
                SELECT * FROM audit_events WHERE subject_type = 'child' AND subject_id = 'x' AND sequence < 500
                ORDER BY sequence DESC LIMIT 101
                """)
            print("access log page plan (\(kind)):\n\(plan)")
            // SQLite's sequence is the rowid, which ends every index: the subject index is the range.
            #expect(
                plan.contains("audit_events_by_subject")
                    || (kind == .sqlite && plan.contains("audit_events_subject") && plan.contains("rowid<?")),
                "\(plan)")
            #expect(!plan.contains("TEMP B-TREE") && !plan.contains("Sort"), "\(plan)")
        }
    }

    /// The page links to the older lines and back; a made-up `before` is refused naming it.
    @Test func thePageAndTheAPILinkToOlderLines() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let concern = try await haven.recordConcern(about: "Linked Log").receipt.concernID
            let dsl = try await haven.signIn("dsl")
            for _ in 0..<ViewAccessLog.pageSize {
                #expect(try await haven.api(.GET, "/api/v1/concerns/\(concern)", session: dsl).status == .ok)
            }
            let file = try await haven.api(.GET, "/api/v1/concerns/\(concern)", session: dsl).body.string
            let child = try #require(file.firstMatch(of: /"childID":"([^"]+)"/)?.1)
            let first = try await haven.request(.GET, "/children/\(child)/access-log", headers: dsl.cookieHeaders)
            // The child's name is set apart in the heading, so a right-to-left name cannot carry
            // "'s file" to its other side.
            #expect(
                first.body.string.contains("Who opened \u{2068}Linked Log\u{2069}&#39;s file"), "\(first.body.string)")
            let older = try #require(first.body.string.firstMatch(of: /id="access-log-older" href="([^"]+)"/)?.1)
            let second = try await haven.request(.GET, String(older), headers: dsl.cookieHeaders).body.string
            #expect(second.contains("id=\"access-log-newest\"") && !second.contains("access-log-older"))
            let api = try await haven.api(.GET, "/api/v1/children/\(child)/access-log", session: dsl).body.string
            let next = try #require(api.firstMatch(of: /"next":"([0-9]+)"/)?.1)
            let last = try await haven.api(
                .GET, "/api/v1/children/\(child)/access-log?before=\(next)", session: dsl
            ).body.string
            #expect(last.contains("\"lines\":[") && !last.contains("\"next\":\""))
            for bogus in ["0", "-5", "x", "99999999999999999999", "1e3", "+195", "0195", "%EF%BC%91"] {
                let refused = try await haven.api(
                    .GET, "/api/v1/children/\(child)/access-log?before=\(bogus)", session: dsl)
                #expect(refused.status == .badRequest, "\(bogus)")
                #expect(refused.body.string.contains("\"field\":\"before\""))
            }
        }
    }
}
