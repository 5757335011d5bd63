import Foundation
import HavenDomain
import HavenFeatures

/// The DSL's decision on the first demo concern.
struct CasesDemo: DemoModule {
    func seed(_ env: HavenEnvironment, into demo: inout DemoOrganisation) async throws {
        guard let dsl = demo.people["dsl@demo.haven.test"], let tilly = demo.concerns["Tilly"] else { return }
        let lead = Actor(person: dsl, roles: [.dsl], secondFactorPassed: true)
        let input = try TriageInput.validated(
            outcome: "keep_under_review",
            rationale:
                "Disclosure of emotional harm and domestic abuse at home; no immediate risk tonight as she is with her grandmother. Consulting the front door tomorrow.",
            threshold: "intensive", consulted: "Sam Okonedo (deputy DSL)",
            reviewDate: env.calendar.day(of: env.clock.now()).adding(days: 7).iso,
            adviceGivenBy: nil, adviceGivenAt: nil, advice: nil, adviceChildNotNamed: nil,
            shareWithRecorder: "Thank you: the DSL is following this up.", now: env.clock.now(),
            timeZone: env.calendar.timeZone)
        _ = try await TriageConcern(env)(tilly, input, by: lead)
    }
}
