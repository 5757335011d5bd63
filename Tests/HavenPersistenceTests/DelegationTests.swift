import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing

@Suite("R1.3 delegating a case to a line manager, on both databases")
struct DelegationTests {
    @Test(arguments: TestDatabaseKind.available)
    func theDelegateHandlesThatConcernUntilItIsHandedOn(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let id = try await haven.recordConcern(about: "Delegated Child").receipt.concernID
            let other = try await haven.recordConcern(about: "Not Delegated Child").receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let managerID = haven.people["line_manager"]!.id
            let manager = Actor(person: managerID, roles: [.reporter, .lineManager], secondFactorPassed: true)
            await #expect(throws: AccessError.notFound) { _ = try await ReadConcern(haven.env)(id, by: manager) }
            do {
                _ = try await DelegateCase(haven.env)(id, to: haven.people["hr"]!.id.description, note: nil, by: dsl)
                Issue.record("delegated to someone who is not a line manager")
            } catch let error as InvalidInput { #expect(error.errors.map(\.field) == ["delegate"]) }
            _ = try await DelegateCase(haven.env)(id, to: managerID.description, note: "Please speak to mum", by: dsl)
            let file = try await ReadConcern(haven.env)(id, by: manager)
            #expect(file.readerHandles && !file.readerIsLead)
            let input = try TriageInput.validated(
                outcome: "early_help", rationale: "Family want support", threshold: "additional",
                consulted: "DSL", reviewDate: nil, adviceGivenBy: nil, adviceGivenAt: nil, advice: nil,
                shareWithRecorder: nil, now: haven.clock.now(), timeZone: haven.env.calendar.timeZone)
            _ = try await TriageConcern(haven.env)(id, input, by: manager)
            _ = try await SetAction(haven.env)(
                on: id, description: "Visit", owner: nil, dueOn: "2027-01-10", by: manager)
            await #expect(throws: AccessError.notFound) { _ = try await ReadConcern(haven.env)(other, by: manager) }
            await #expect(throws: AccessError.notFound) {
                _ = try await TriageConcern(haven.env)(other, input, by: manager)
            }
            #expect(try await ListDelegatedCases(haven.env)(by: manager).map(\.concernID) == [id])
            let chronology = try await OpenChildFile(haven.env)(
                file.child.id, order: .oldestFirst, category: nil,
                reason: FileOpeningReason(purpose: .caseReview, note: nil), by: dsl
            ).chronology
            #expect(chronology.entries.map(\.kind) == [.concernRecorded, .delegated, .triageDecision, .actionSet])
            // Handed back to the deputy DSL's care: the manager's access ends.
            let director = haven.people["department_director"]!.id
            try await ManagePeople(haven.env).setRoles(
                director, to: [.reporter, .departmentDirector, .lineManager],
                by: Actor(person: haven.people["administrator"]!.id, roles: [.administrator], secondFactorPassed: true))
            _ = try await DelegateCase(haven.env)(id, to: director.description, note: nil, by: dsl)
            await #expect(throws: AccessError.notFound) { _ = try await ReadConcern(haven.env)(id, by: manager) }
            #expect(try await ListDelegatedCases(haven.env)(by: manager).isEmpty)
        }
    }
}
