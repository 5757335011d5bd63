import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing

@Suite("R2.4 a concern's file names the people in it, on both databases")
struct ConcernFileNamesTests {
    /// Opening a concern reads the names of the people it mentions (its recorder, those it was
    /// routed to, addendum authors, deciders, action owners and completers, the delegate), and no
    /// one else's: an organisation's whole staff is not read for every concern opened.
    @Test(arguments: TestDatabaseKind.available)
    func theFileNamesJustThePeopleItMentions(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let recorded = try await haven.recordConcern(about: "Named People")
            let id = recorded.receipt.concernID
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let deputy = haven.people["deputy_dsl"]!.id
            let manager = haven.people["line_manager"]!.id
            _ = try await AddAddendum(haven.env)(to: id, reason: "correction", text: "More detail", by: dsl)
            let input = try TriageInput.validated(
                outcome: "early_help", rationale: "Family want support", threshold: "additional",
                consulted: "Deputy", reviewDate: nil, adviceGivenBy: nil, adviceGivenAt: nil, advice: nil,
                shareWithRecorder: nil, now: haven.clock.now(), timeZone: haven.env.calendar.timeZone)
            _ = try await TriageConcern(haven.env)(id, input, by: dsl)
            let action = try await SetAction(haven.env)(
                on: id, description: "Ring the school", owner: deputy.description, dueOn: "2026-12-01", by: dsl)
            _ = try await CompleteAction(haven.env)(action.id, by: dsl)
            _ = try await DelegateCase(haven.env)(id, to: manager.description, note: nil, by: dsl)

            let file = try await ReadConcern(haven.env)(id, by: dsl)
            let mentioned =
                Set([file.concern.recordedBy, dsl.person, deputy, manager]).union(
                    file.concern.route.steps.map(\.person))
            #expect(Set(file.names.keys) == mentioned)
            for person in mentioned {
                let name = try #require(try await haven.env.unitOfWork.read { tx in try await tx.people.find(person) })
                #expect(file.name(person) == .verbatim(name.name))
            }
            #expect(file.names[haven.people["trustee"]!.id] == nil)
            #expect(file.name(haven.people["trustee"]!.id) == Words("person.unknown"))
        }
    }
}
