import HavenDomain
import HavenFeatures

/// What a module adds to `haven demo`'s invented organisation. Modules run in the order of
/// `DemoModules.all`, each able to use what the ones before it made.
protocol DemoModule: Sendable {
    func seed(_ env: HavenEnvironment, into demo: inout DemoOrganisation) async throws
}

/// What the demo has made so far, for the modules after.
struct DemoOrganisation: Sendable {
    /// Demo people by email.
    var people: [String: PersonID] = [:]
    /// Demo concerns by a short name the modules agree on ("Tilly").
    var concerns: [String: ConcernID] = [:]
}
