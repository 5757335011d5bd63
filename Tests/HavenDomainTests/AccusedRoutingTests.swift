import Foundation
import Testing

@testable import HavenDomain

/// Issue 12.3, R4.2: a person named as having caused harm is left out of the route, whatever
/// link names them; the case managers are alerted for the allegation path.
@Suite("Issue 12.3 the person accused is left out")
struct AccusedRoutingTests {
    let dsl = pid(1), deputy = pid(2), caseManager = pid(3), manager = pid(4)

    var candidates: [RoutingCandidate] {
        [
            .init(person: dsl, link: .dsl, isAvailable: true),
            .init(person: deputy, link: .deputy, isAvailable: true),
            .init(person: manager, link: .lineManager, isAvailable: true),
            .init(person: caseManager, link: .caseManager, isAvailable: true),
        ]
    }

    @Test func aDSLAccusedGoesToTheDeputyAndTheCaseManager() {
        let route = AlertRoute.route(
            chain: RoutingLink.defaultChain, candidates: candidates, immediateDanger: true, excluding: [dsl])
        #expect(route.handler == deputy)
        #expect(!route.steps.contains { $0.person == dsl })
        #expect(route.steps.contains(RoutingStep(person: caseManager, link: .caseManager, outcome: .alsoAlerted)))
        #expect(route.excluded == [dsl] && route.keepsAway(dsl) && !route.keepsAway(deputy))
    }

    @Test func noOneAccusedAlertsNoCaseManager() {
        let route = AlertRoute.route(chain: RoutingLink.defaultChain, candidates: candidates, immediateDanger: false)
        #expect(route.handler == dsl && route.recipients == [dsl] && route.excluded.isEmpty)
    }

    @Test func everyLeadAccusedFallsToTheNextLink() {
        let route = AlertRoute.route(
            chain: RoutingLink.defaultChain, candidates: candidates, immediateDanger: false, excluding: [dsl, deputy])
        #expect(route.handler == manager)
    }

    static let people: [(id: PersonID, name: String)] = [
        (pid(1), "Dana Whitlock"), (pid(2), "Sam"), (pid(3), "Samantha Lee"), (pid(4), "Zoë Ångström"),
    ]

    // (chosen, typed, who is kept away)
    static let names: [(Int?, String?, Set<Int>)] = [
        (nil, "Dana Whitlock", [1]), (nil, "Mr DANA whitlock", [1]), (nil, "Dana", []),
        (nil, "Mrs Whitlock", [1]), (nil, "D. Whitlock", [1]), (nil, "Miss Dana", [1]), (nil, "Whitlock", []),
        (nil, "Miss Samantha", [3]), (nil, "Mr Lee", [3]),
        // Everyone's names typed together name nobody: the concern must still reach someone.
        (nil, "Dana Whitlock Samantha Lee Zoe Angstrom", []), (1, "Dana Whitlock Samantha Lee Zoe Angstrom", [1]),
        (nil, "Sam", [2]), (nil, "Sam Lee", []), (nil, "Samantha Lee", [3]), (nil, "zoe angstrom", [4]),
        (4, "the coach", [4]), (2, "Dana Whitlock", [1, 2]), (nil, nil, []), (nil, "  ", []),
    ]

    @Test(arguments: 0..<names.count)
    func whoIsKeptAway(_ index: Int) {
        let (chosen, typed, expected) = Self.names[index]
        let named = AllegedPerpetrator(
            name: typed, relationship: nil, worksWithChildren: false, person: chosen.map { pid($0) })
        #expect(named.accused(among: Self.people) == Set(expected.map { pid($0) }), "\(String(describing: typed))")
    }
}
