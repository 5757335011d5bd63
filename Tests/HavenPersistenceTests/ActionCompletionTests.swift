import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing

@Suite("R3.3 completing an action, on both databases")
struct ActionCompletionTests {
    /// A double tap, or two people at once: the action is completed, and the chronology and the
    /// audit log say so, exactly once.
    @Test(arguments: TestDatabaseKind.available)
    func completingAtTheSameMomentCompletesOnce(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "Twice Tapped").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let action = try await SetAction(haven.env)(
                on: concern, description: "Call the school", owner: dsl.person.description, dueOn: "2026-12-01", by: dsl
            )
            let completions = try await withThrowingTaskGroup(of: CaseAction.self, returning: [CaseAction].self) {
                group in
                for _ in 0..<10 { group.addTask { try await CompleteAction(haven.env)(action.id, by: dsl) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(completions.count == 10 && completions.allSatisfy { $0.completedAt != nil })
            let events = try await haven.env.unitOfWork.read { tx in
                try await tx.auditLog.events(subjectType: .concern, subjectIDs: [concern.description], limit: 100)
            }
            #expect(events.filter { $0.action == AuditAction.actionCompleted.rawValue }.count == 1)
        }
    }

    /// R3.2, R3.3: the chronology names who marked an action done, not whoever owned it.
    @Test(arguments: TestDatabaseKind.available)
    func theChronologyNamesWhoCompletedTheAction(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let concern = try await haven.recordConcern(about: "Done By Someone Else").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let deputy = haven.people["deputy_dsl"]!.id
            let action = try await SetAction(haven.env)(
                on: concern, description: "Ring the school", owner: deputy.description, dueOn: "2026-12-01", by: dsl)
            let done = try await CompleteAction(haven.env)(action.id, by: dsl)
            #expect(done.completedBy == dsl.person)
            let child = try await ReadConcern(haven.env)(concern, by: dsl).child.id
            let file = try await OpenChildFile(haven.env)(
                child, order: .oldestFirst, category: nil,
                reason: try FileOpeningReason.validated(purpose: "case_review", note: nil), by: dsl)
            let completed = file.chronology.entries.filter { $0.kind == .actionCompleted }
            #expect(completed.map(\.by) == [.verbatim("Fixture dsl")])
        }
    }
}
