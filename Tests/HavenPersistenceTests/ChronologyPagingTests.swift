import FluentKit
import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import SQLKit
import Testing

@testable import HavenFeatures
@testable import HavenPersistence

/// R3.2, N1: a child's chronology read a page at a time from one index, on both databases:
/// every line once, in time order, with lines at the same moment ordered by kind and then by
/// record, whichever way it is read; the child linked to a concern sees its lines too.
@Suite("R3.2 the chronology a page at a time, on both databases")
struct ChronologyPagingTests {
    struct Seeded {
        let child: ChildID
        let sibling: ChildID
        let concern: ConcernID
        let dsl: Actor
        let lines: Int
    }

    /// One concern with a linked child, then 230 addenda, 10 actions (5 completed) and a
    /// decision, with many of them in the same millisecond.
    static func seed(_ haven: TestHaven) async throws -> Seeded {
        let recorder = haven.people["reporter"]!
        let reporter = Actor(person: recorder.id, roles: [.reporter], secondFactorPassed: false)
        var draft = ConcernDraft(
            child: ChildDetails(name: "Chronology Child", approximateAge: 9), howItArose: .disclosedByChild,
            occurredAt: haven.clock.now(), location: "Hall", account: "She said she is scared of going home.",
            categories: [.neglect])
        draft.linkedChildren = [LinkedChild(name: "Chronology Sibling", relationship: "brother")]
        let concern = try await RecordConcern(haven.env)(draft, by: reporter).receipt.concernID
        let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
        var lines = 1
        for index in 0..<230 {
            // Three at a time in the same millisecond: the same kind, ordered by record.
            if index % 3 == 0 { haven.clock.advance(by: 0.001) }
            _ = try await AddAddendum(haven.env)(
                to: concern, reason: "further_information", text: "Addendum \(index)", by: dsl)
            lines += 1
            if index % 23 == 0 {
                // An action set, and sometimes completed, in the same millisecond as an addendum.
                let action = try await SetAction(haven.env)(
                    on: concern, description: "Action \(index)", owner: nil, dueOn: "2027-01-10", by: dsl)
                lines += 1
                if index % 46 == 0 {
                    _ = try await CompleteAction(haven.env)(action.id, by: dsl)
                    lines += 1
                }
            }
        }
        let input = try TriageInput.validated(
            outcome: "early_help", rationale: "Family want support", threshold: "additional", consulted: "DSL",
            reviewDate: nil, adviceGivenBy: nil, adviceGivenAt: nil, advice: nil, shareWithRecorder: nil,
            now: haven.clock.now(), timeZone: haven.env.calendar.timeZone)
        _ = try await TriageConcern(haven.env)(concern, input, by: dsl)
        lines += 1
        let child = try await ReadConcern(haven.env)(concern, by: dsl).child.id
        let sibling = try #require(
            try await haven.env.unitOfWork.read { tx in try await tx.concerns.linkedChildren(of: concern) }.first)
        return Seeded(child: child, sibling: sibling, concern: concern, dsl: dsl, lines: lines)
    }

    static func readAll(
        _ haven: TestHaven, _ child: ChildID, order: ChronologyOrder, category: ConcernCategory? = nil, as dsl: Actor
    ) async throws -> (entries: [ChronologyEntry], pages: Int) {
        var entries: [ChronologyEntry] = []
        var position: ChronologyPosition?
        var pages = 0
        repeat {
            let page = try await OpenChildFile(haven.env)(
                child, order: order, category: category, after: position,
                reason: FileOpeningReason(purpose: .caseReview, note: nil), by: dsl
            ).chronology
            #expect(page.entries.count <= OpenChildFile.pageSize)
            entries += page.entries
            position = page.next
            pages += 1
        } while position != nil && pages < 20
        return (entries, pages)
    }

    @Test(arguments: TestDatabaseKind.available)
    func everyLineOnceInOrderEitherWay(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let seeded = try await Self.seed(haven)
            #expect(seeded.lines == 247)
            let (oldest, pages) = try await Self.readAll(haven, seeded.child, order: .oldestFirst, as: seeded.dsl)
            #expect(pages == 3)
            #expect(oldest.count == seeded.lines)
            let keys = oldest.map { "\($0.kind.rawValue) \($0.line.recordID)" }
            #expect(Set(keys).count == keys.count, "a line was shown twice")
            // Time, then the kind's place (recorded before an addendum before an action), then record.
            let order = oldest.map { ($0.at.millis, $0.kind.rank, $0.line.recordID) }
            #expect(zip(order, order.dropFirst()).allSatisfy { $0 < $1 }, "out of order")
            #expect(oldest.first?.kind == .concernRecorded && oldest.last?.kind == .triageDecision)
            #expect(oldest.contains { $0.kind == .actionCompleted && $0.by == .verbatim("Fixture dsl") })
            #expect(oldest.filter { $0.kind == .addendum }.map(\.detail).contains(.verbatim("Addendum 229")))
            // Ties were really there: several lines share a millisecond, across and within kinds.
            #expect(Dictionary(grouping: order, by: \.0).values.contains { $0.count >= 3 })

            let (newest, _) = try await Self.readAll(haven, seeded.child, order: .newestFirst, as: seeded.dsl)
            #expect(newest.map(\.line) == oldest.reversed().map(\.line))

            // The linked child's file holds the same concern's lines.
            let (sibling, _) = try await Self.readAll(haven, seeded.sibling, order: .oldestFirst, as: seeded.dsl)
            #expect(sibling.map(\.line) == oldest.map(\.line))

            // A category the concern is not about: nothing, and no further page.
            let (none, nonePages) = try await Self.readAll(
                haven, seeded.child, order: .oldestFirst, category: .fgm, as: seeded.dsl)
            #expect(none.isEmpty && nonePages == 1)
            let (neglect, _) = try await Self.readAll(
                haven, seeded.child, order: .newestFirst, category: .neglect, as: seeded.dsl)
            #expect(neglect.map(\.line) == newest.map(\.line))
        }
    }

    /// Chronologies kept before the chronology had its own table are filled in when it is made.
    @Test(arguments: TestDatabaseKind.available)
    func theMigrationFillsInTheLinesOfRecordsAlreadyKept(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let seeded = try await Self.seed(haven)
            let (before, _) = try await Self.readAll(haven, seeded.child, order: .oldestFirst, as: seeded.dsl)
            // (M016_Chronology ran before case content was sealed, so it reads the values in plain.)
            let db = haven.app.db(HavenDatabase.id)
            try await haven.storeInPlain("case_actions", "body")
            try await M016_Chronology().revert(on: db)
            try await M016_Chronology().prepare(on: db)
            try await haven.sealAgain()
            let (after, _) = try await Self.readAll(haven, seeded.child, order: .oldestFirst, as: seeded.dsl)
            #expect(after.count == seeded.lines)
            #expect(after == before)
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aPageIsOneRangeOfTheIndex(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            for (query, descending) in [
                ("WHERE child_id = 'c' AND (at, rank, record_id) > (5, 100, 'x') ORDER BY at, rank, record_id", false),
                (
                    "WHERE child_id = 'c' AND (at, rank, record_id) < (5, 100, 'x') ORDER BY at DESC, rank DESC, record_id DESC",
                    true
                ),
            ] {
                let plan = try await haven.queryPlan(
                    "SELECT at, kind, record_id, concern_id FROM chronology_lines \(query) LIMIT 101")
                print("chronology page plan (\(kind), \(descending ? "newest" : "oldest") first):\n\(plan)")
                #expect(
                    plan.contains(kind == .sqlite ? "sqlite_autoindex_chronology_lines_1" : "chronology_lines_pkey"),
                    "\(plan)")
                // Read in the index's order: no sort, no whole-table scan.
                #expect(
                    !plan.contains("TEMP B-TREE") && !plan.contains("Sort") && !plan.contains("Seq Scan"), "\(plan)")
            }
        }
    }

    /// A filter that matches little never reads a whole long history in one request: after ten
    /// pages of lines the page ends with what it found, and its link goes on from there.
    @Test(arguments: TestDatabaseKind.available)
    func aFilterReadsABoundedStretchAtATime(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let seeded = try await Self.seed(haven)
            var position: ChronologyPosition?
            var pages = 0
            repeat {
                let page = try await haven.env.unitOfWork.read { [position] tx in
                    try await OpenChildFile.page(
                        of: [seeded.child], order: .oldestFirst, category: .fgm, after: position, size: 10, in: tx)
                }
                #expect(page.entries.isEmpty)
                position = page.next
                pages += 1
            } while position != nil && pages < 10
            // 247 lines, at most 100 (ten reads of ten) a request.
            #expect(pages == 3)
        }
    }

    /// The file's next-page link keeps the order and the category, never the reason (which was
    /// sent once, in a form's body); paging and filtering within the visit open nothing more. A
    /// category Haven does not know is refused, naming it.
    @Test func thePageLinkKeepsTheOrderAndAnUnknownCategoryIsRefused() async throws {
        try await TestHaven.with(.sqlite) { haven in
            let seeded = try await Self.seed(haven)
            let session = try await haven.signIn("dsl")
            let opened = try await haven.postForm(
                "/children/\(seeded.child)/open",
                [("reason", "other"), ("reasonNote", "a+b & c"), ("order", "oldest")],
                session: session)
            #expect(opened.headers.first(name: .location) == "/children/\(seeded.child)?order=oldest")
            let path = "/children/\(seeded.child)?order=oldest"
            let first = try await haven.request(.GET, path, headers: session.cookieHeaders)
            #expect(first.status == .ok)
            let next = try #require(
                first.body.string.firstRange(of: #/href="([^"]*after=[^"]*)" rel="next"/#).map {
                    String(first.body.string[$0]).replacingOccurrences(of: "&amp;", with: "&")
                })
            #expect(!next.contains("reason") && next.contains("order=oldest"), "\(next)")
            let link = String(next.dropFirst(6).prefix { $0 != "\"" })
            let second = try await haven.request(.GET, link, headers: session.cookieHeaders)
            #expect(second.status == .ok)
            // A later page leads back to the start; a filter with nothing in it says so.
            #expect(second.body.string.contains(#"id="chronology-start""#))
            #expect(!first.body.string.contains(#"id="chronology-start""#))
            let none = try await haven.request(
                .GET, "/children/\(seeded.child)?category=fgm", headers: session.cookieHeaders)
            #expect(none.body.string.contains("No entries in this category."))
            // One opening for the visit, with the reason as given.
            let reasons = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(subjectType: .child, subjectIDs: [seeded.child.description], limit: 10)
            }.compactMap(\.reason)
            #expect(reasons == ["other: a+b & c"], "\(reasons)")
            let unknown = try await haven.request(
                .GET, "/api/v1/children/\(seeded.child)/chronology?category=wizardry",
                headers: session.cookieHeaders)
            #expect(unknown.status == .badRequest && unknown.body.string.contains("category"))
        }
    }
}
