import Foundation
import HavenDomain

/// How a concern's alert route is kept (`concerns.route`), version 1: who handles it and each
/// step taken to find them.
struct AlertRouteV1: Codable {
    struct StepV1: Codable {
        let person: PersonID
        let link: RoutingLink
        let outcome: RoutingStep.Outcome
    }

    let handler: PersonID?
    let steps: [StepV1]
    /// Issue 12.3: present only when someone was kept away (routes kept before read as none).
    let excluded: [PersonID]?

    init(_ route: AlertRoute) {
        handler = route.handler
        steps = route.steps.map { StepV1(person: $0.person, link: $0.link, outcome: $0.outcome) }
        excluded = route.excluded.isEmpty ? nil : route.excluded
    }

    var route: AlertRoute {
        AlertRoute(
            handler: handler, steps: steps.map { RoutingStep(person: $0.person, link: $0.link, outcome: $0.outcome) },
            excluded: excluded ?? [])
    }

    static func encode(_ route: AlertRoute) throws -> String { try JSONColumn.encode(AlertRouteV1(route)) }
    static func decode(_ text: String) throws -> AlertRoute { try JSONColumn.decode(AlertRouteV1.self, text).route }
}
