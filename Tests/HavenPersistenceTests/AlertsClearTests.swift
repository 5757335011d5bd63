import Foundation
import HavenDomain
import HavenFeatures
import HavenTestSupport
import Testing

/// Issue 12.3: a person's alerts are the concerns still waiting for their decision, most urgent
/// first; an alert clears once its concern is triaged.
@Suite("Issue 12.3 alerts clear on triage and come most urgent first")
struct AlertsClearTests {
    @Test(arguments: TestDatabaseKind.available)
    func alertsClearOnTriageAndComeMostUrgentFirst(_ kind: TestDatabaseKind) async throws {
        try await TestHaven.with(kind) { haven in
            let normal = try await haven.recordConcern(about: "First Normal", categories: [.neglect]).receipt
            haven.clock.advance(by: 60)
            let urgent = try await haven.recordConcern(about: "Then Urgent", immediateDanger: true).receipt
            haven.clock.advance(by: 60)
            let later = try await haven.recordConcern(about: "Later Normal", categories: [.neglect]).receipt
            let dsl = Actor(person: haven.people["dsl"]!.id, roles: [.dsl], secondFactorPassed: true)
            let before = try await MyAlerts(haven.env)(by: dsl).map(\.concernID)
            #expect(before == [urgent.concernID, later.concernID, normal.concernID])
            let input = try TriageInput.validated(
                outcome: "no_further_action", rationale: "Checked with the class teacher", threshold: "universal",
                consulted: "Class teacher", reviewDate: nil, adviceGivenBy: nil, adviceGivenAt: nil, advice: nil,
                shareWithRecorder: nil, now: haven.clock.now(), timeZone: haven.env.calendar.timeZone)
            _ = try await TriageConcern(haven.env)(urgent.concernID, input, by: dsl)
            let after = try await MyAlerts(haven.env)(by: dsl).map(\.concernID)
            #expect(after == [later.concernID, normal.concernID])
        }
    }
}
