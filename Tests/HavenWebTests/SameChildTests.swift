import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing
import Vapor
import VaporTesting

/// Issue 12.2, R3.2: two concerns about one child become one file. At triage the DSL is shown
/// the children Haven already holds who may be this child, each with its reason; one step puts
/// the concern in that child's file, whose chronology then holds both; the merge is audited and
/// undone as easily. The person recording learns nothing about other files, and a person kept
/// away from one record of a child is kept away from the whole file.
@Suite("Issue 12.2 one file per child")
struct SameChildTests {
    /// Records a concern through the form, as a volunteer would; its id.
    static func record(
        _ haven: TestHaven, _ session: TestSession, _ child: [(String, String)], extra: [(String, String)] = []
    ) async throws -> ConcernID {
        let sent = try await haven.postForm(
            "/concerns",
            child + [
                ("howItArose", "disclosed_by_child"),
                ("account", "She said nobody was home again last night and there was no food."),
            ] + extra, session: session)
        #expect(sent.status == .seeOther)
        let location = try #require(sent.headers.first(name: .location))
        return try #require(ConcernID(string: String(location.dropFirst("/receipts/".count))))
    }

    static func childOf(_ haven: TestHaven, _ concern: ConcernID) async throws -> ChildID {
        try #require(try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(concern) }).childID
    }

    @Test(arguments: TestDatabaseKind.available)
    func theDSLPutsASecondConcernInTheChildsFileAndCanUndoIt(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let first = try await Self.record(
                haven, reporter,
                [("child.name", "Zoë Ångström"), ("child.dateOfBirth", "2016-03-02"), ("child.school", "Hilltop")])
            // Another child of the same name: another date of birth and school.
            let namesake = try await Self.record(
                haven, reporter,
                [("child.name", "Zoë Ångström"), ("child.dateOfBirth", "2012-08-20"), ("child.school", "Valley High")])
            // The same child, her name typed without accents.
            let second = try await Self.record(
                haven, reporter, [("child.name", "zoe angstrom"), ("child.dateOfBirth", "2016-03-02")])
            let (firstChild, namesakeChild, secondChild) = (
                try await Self.childOf(haven, first), try await Self.childOf(haven, namesake),
                try await Self.childOf(haven, second)
            )

            // The recorder learns nothing about other files, and cannot link.
            let receipt = try await haven.request(.GET, "/receipts/\(second)", headers: reporter.cookieHeaders)
            #expect(
                !receipt.body.string.contains(firstChild.description) && !receipt.body.string.contains("same-child"))
            let own = try await haven.request(.GET, "/concerns/\(second)", headers: reporter.cookieHeaders)
            #expect(!own.body.string.contains("same-child"))
            let refused = try await haven.postForm(
                "/concerns/\(second)/child", [("file", firstChild.description)], session: reporter)
            #expect(refused.status == .forbidden)

            // The DSL is shown the first child, for its reason, and not the namesake.
            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(second)", headers: dsl.cookieHeaders).body.string
            let proposals = try #require(page.part("same-child-proposals"))
            #expect(proposals.contains("value=\"\(firstChild)\"") && proposals.contains("Same name and date of birth"))
            #expect(!proposals.contains(namesakeChild.description))
            #expect(proposals.contains("Hilltop") && proposals.contains(">10<"), "school and age tell them apart")
            // The namesake is found by name.
            let search = try await haven.request(
                .GET, "/concerns/\(second)?findChild=angstrom", headers: dsl.cookieHeaders
            ).body.string
            #expect(try #require(search.part("same-child-found")).contains(namesakeChild.description))

            // One step: the concern is in the first child's file.
            let linked = try await haven.postForm(
                "/concerns/\(second)/child", [("_form", "same"), ("file", firstChild.description)], session: dsl)
            #expect(linked.status == .seeOther)
            let after = try await haven.request(.GET, "/concerns/\(second)", headers: dsl.cookieHeaders).body.string
            #expect(try #require(after.part("same-child-kept-in")).contains(firstChild.description))
            _ = try await haven.postForm("/children/\(firstChild)/open", [("reason", "case_review")], session: dsl)
            let file = try await haven.request(.GET, "/children/\(firstChild)", headers: dsl.cookieHeaders).body.string
            let references = try await haven.env.unitOfWork.read { tx in
                try await tx.concerns.find([first, second]).map(\.reference)
            }
            let chronology = try #require(file.part("chronology"))
            #expect(references.allSatisfy(chronology.contains), "the file's chronology holds both concerns")
            #expect(try #require(file.part("merged")).contains("zoe angstrom"))
            // Days in words, not as the form takes them.
            #expect(try #require(file.part("merged")).contains("born Wed 2 Mar 2016"))
            #expect(!file.contains("2016-03-02"))
            // The second record's own address leads to the file it is in.
            let old = try await haven.request(.GET, "/children/\(secondChild)", headers: dsl.cookieHeaders)
            #expect(old.status == .seeOther && old.headers.first(name: .location) == "/children/\(firstChild)")
            // One line in the children list for her, one for her namesake.
            let list = try await haven.request(.GET, "/children", headers: dsl.cookieHeaders).body.string
            #expect(!list.contains(secondChild.description) && list.contains(firstChild.description))
            #expect(list.contains(namesakeChild.description))
            // Linking again is refused, saying why, on the concern's page.
            let again = try await haven.postForm(
                "/concerns/\(second)/child", [("_form", "same"), ("file", namesakeChild.description)], session: dsl)
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("already in another child"))
            // Both children's access logs say who merged them.
            let log = try await haven.request(.GET, "/children/\(firstChild)/access-log", headers: dsl.cookieHeaders)
            #expect(
                log.body.string.contains("into another child&#39;s file")
                    || log.body.string.contains("into another child's file"))

            // Undone: each record is a file of its own again, with its own concerns.
            let undone = try await haven.postForm(
                "/concerns/\(second)/child/separate", [("_form", "separate")], session: dsl)
            #expect(undone.status == .seeOther)
            let alone = try await haven.request(.GET, "/children/\(firstChild)", headers: dsl.cookieHeaders).body.string
            let lines = try #require(alone.part("chronology"))
            #expect(lines.contains(references[0]) != lines.contains(references[1]))
            #expect(alone.part("merged") == nil)
            let relisted = try await haven.request(.GET, "/children", headers: dsl.cookieHeaders).body.string
            #expect(relisted.contains(secondChild.description))
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(subjectType: .child, subjectIDs: [secondChild.description], limit: 100)
            }
            #expect(events.contains { $0.action == AuditAction.childFilesMerged.rawValue })
            #expect(events.contains { $0.action == AuditAction.childFilesSeparated.rawValue })
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func anNHSNumberMatchesWhateverTheNameAndAMergedFileKeepsTheAccusedAway(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let first = try await Self.record(
                haven, reporter, [("child.name", "Samuel Hale-Jones"), ("child.nhsNumber", "9434765919")])
            let deputyID = try #require(haven.people["deputy_dsl"]).id
            // The second names the deputy as having caused harm: the deputy is kept away from it.
            let second = try await Self.record(
                haven, reporter, [("child.name", "Sam Hale"), ("child.nhsNumber", "943 476 5919")],
                extra: [("allegedPerpetrator.name", "Mr Deputy"), ("allegedPerpetrator.person", deputyID.description)])
            let firstChild = try await Self.childOf(haven, first)
            let deputy = try await haven.signIn("deputy_dsl")
            #expect(
                try await haven.postForm("/children/\(firstChild)/open", [("reason", "case_review")], session: deputy)
                    .status == .seeOther, "before the merge the deputy may open the first child's file")

            let dsl = try await haven.signIn("dsl")
            let page = try await haven.request(.GET, "/concerns/\(second)", headers: dsl.cookieHeaders).body.string
            #expect(try #require(page.part("same-child-proposals")).contains("Same NHS number"))
            let linked = try await haven.postForm(
                "/concerns/\(second)/child", [("_form", "same"), ("file", firstChild.description)], session: dsl)
            #expect(linked.status == .seeOther)

            // Now the whole file keeps the deputy away: not opened, not listed, not found.
            let opened = try await haven.request(.GET, "/children/\(firstChild)", headers: deputy.cookieHeaders)
            #expect(opened.status == .notFound)
            let list = try await haven.request(.GET, "/children", headers: deputy.cookieHeaders).body.string
            #expect(!list.contains(firstChild.description))
            let found = try await haven.request(.GET, "/children?q=Samuel", headers: deputy.cookieHeaders).body.string
            #expect(!found.contains(firstChild.description))
            // Nor any concern in the file, by page or API, nor its place in the inbox, nor acting on it.
            let reference = try #require(
                try await haven.env.unitOfWork.read { tx in try await tx.concerns.find(first) }
            ).reference
            for path in ["/concerns/\(first)", "/receipts/\(first)"] {
                #expect(
                    try await haven.request(.GET, path, headers: deputy.cookieHeaders).status == .notFound, "\(path)")
            }
            #expect(try await haven.api(.GET, "/api/v1/concerns/\(first)", session: deputy).status == .notFound)
            let inbox = try await haven.api(.GET, "/api/v1/inbox", session: deputy).body.string
            #expect(!inbox.contains(reference) && !inbox.contains(first.description))
            let action = try await haven.api(
                .POST, "/api/v1/concerns/\(first)/actions", session: deputy,
                json: #"{"description":"Call home","owner":"\#(deputyID)","dueOn":"2026-12-10"}"#)
            #expect(action.status == .notFound)
            // A bad identifier is refused, naming its field, with what was typed kept.
            let refused = try await haven.postForm(
                "/concerns",
                [
                    ("child.name", "Ada"), ("child.nhsNumber", "9434765918"), ("howItArose", "observed"),
                    ("account", "Bruise on her arm."),
                ], session: reporter)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.problemLinks == ["child.nhsNumber"])
            #expect(refused.body.string.keptValue("child.nhsNumber") == "9434765918")
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func aChildLivingWithAnotherChildTheConcernNamesIsProposed(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let reporter = try await haven.signIn("reporter", secondFactor: false)
            let lou = try await Self.childOf(
                haven, try await Self.record(haven, reporter, [("child.name", "Lou Morrow")]))
            let jay = try await Self.childOf(
                haven,
                try await Self.record(haven, reporter, [("child.name", "Jay Morrow"), ("child.approximateAge", "12")]))
            let dsl = try await haven.signIn("dsl")
            _ = try await haven.postForm("/children/\(lou)/open", [("reason", "case_review")], session: dsl)
            let linked = try await haven.postForm(
                "/children/\(lou)/household", [("otherChild", jay.description)], session: dsl)
            #expect(linked.status == .seeOther)
            // Only a first name this time, and his sister named as another child.
            let third = try await Self.record(
                haven, reporter, [("child.name", "Jay")],
                extra: [("linkedChild1.name", "Lou Morrow"), ("linkedChild1.relationship", "sister")])
            let page = try await haven.request(.GET, "/concerns/\(third)", headers: dsl.cookieHeaders).body.string
            let proposals = try #require(page.part("same-child-proposals"))
            #expect(proposals.contains(jay.description) && proposals.contains("Lives with Lou Morrow"))
            #expect(!proposals.contains(lou.description), "his sister is not him")

            // Once he is in Jay's file, the file's access log holds what was done to either record.
            _ = try await haven.postForm(
                "/concerns/\(third)/child", [("_form", "same"), ("file", jay.description)], session: dsl)
            let log = try await haven.request(.GET, "/children/\(jay)/access-log", headers: dsl.cookieHeaders)
            let text = log.body.string.replacingOccurrences(of: "&#39;", with: "'")
            #expect(text.components(separatedBy: "into another child's file").count == 2, "the merge, once")
            #expect(text.contains("recorded the concern"))
        }
    }

    @Test(arguments: TestDatabaseKind.available)
    func filesNestNoDeeperThanEightAndNeverInALoop(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: { $0.limits.concernsPerPersonPer10Minutes = 1_000 }) { haven in
            var records: [ChildID] = []
            for number in 0...9 {
                let recorded = try await haven.recordConcern(about: "Nested Nell \(number)")
                records.append(try await Self.childOf(haven, recorded.receipt.concernID))
            }
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let merge = MergeChildFiles(haven.env)
            // Each time the whole file so far goes into the next record: one level deeper.
            for level in 1...MergeChildFiles.deepestMerge {
                try await merge.merge(records[level - 1], into: records[level], by: dsl)
            }
            let ninth = await #expect(throws: InvalidInput.self) {
                try await merge.merge(records[8], into: records[9], by: dsl)
            }
            #expect(ninth?.errors.map(\.field) == ["file"])
            // Into a record already inside it: a loop, refused.
            for inside in [records[0], records[4], records[7]] {
                await #expect(throws: InvalidInput.self) { try await merge.merge(records[8], into: inside, by: dsl) }
            }
            let all = records
            let files = try await haven.env.unitOfWork.read { tx in try await tx.concerns.files(of: all) }
            #expect(records.prefix(9).allSatisfy { files[$0] == records[8] } && files[records[9]] == records[9])
            // The file lists every record merged into it, however deep, each of which can be taken out.
            let file = try await OpenChildFile(haven.env)(
                records[3], order: .oldestFirst, category: nil,
                reason: try FileOpeningReason.validated(purpose: "case_review", note: nil), by: dsl)
            #expect(file.child.id == records[8] && Set(file.merged.map(\.record.id)) == Set(records.prefix(8)))
            #expect(file.chronology.entries.count == 9, "each record's concern, once")
            // Taken out only from the file it is in: asked from another file, refused.
            await #expect(throws: InvalidInput.self) {
                try await merge.separate(records[3], from: records[9], by: dsl)
            }
            try await merge.separate(records[3], from: records[8], by: dsl)
            let after = try await haven.env.unitOfWork.read { tx in try await tx.concerns.files(of: all) }
            #expect(after[records[3]] == nil || after[records[3]] == records[3])
        }
    }

    /// Two leads merging the same two files in opposite directions at the same moment: one merge
    /// is made and the other is refused, never a loop (each write re-checks under the writers'
    /// lock: BEGIN IMMEDIATE on SQLite, the audit head FOR UPDATE on PostgreSQL).
    @Test(arguments: TestDatabaseKind.available)
    func oppositeMergesAtOnceMakeOneFileNotALoop(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind, configure: { $0.limits.concernsPerPersonPer10Minutes = 1_000 }) { haven in
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let deputy = Actor(person: haven.people["deputy_dsl"]!.id, roles: [.deputyDSL], secondFactorPassed: true)
            for round in 0..<10 {
                let a = try await Self.childOf(
                    haven, try await haven.recordConcern(about: "Ada Race \(round)").receipt.concernID)
                let b = try await Self.childOf(
                    haven, try await haven.recordConcern(about: "Bea Race \(round)").receipt.concernID)
                let env = haven.env
                let made = await withTaskGroup(of: Bool.self) { group in
                    group.addTask { (try? await MergeChildFiles(env).merge(a, into: b, by: dsl)) != nil }
                    group.addTask { (try? await MergeChildFiles(env).merge(b, into: a, by: deputy)) != nil }
                    return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(made == 1, "round \(round): \(made) merges made")
                let files = try await haven.env.unitOfWork.read { tx in try await tx.concerns.files(of: [a, b]) }
                let fileOfA = files[a] ?? a
                let fileOfB = files[b] ?? b
                #expect(fileOfA == fileOfB && [a, b].contains(fileOfA), "round \(round)")
            }
        }
    }
}
