import Foundation
import Testing

@testable import HavenDomain

@Suite("R1.3 alert routing")
struct RoutingTests {
    let dsl = pid(1), deputy = pid(2), deputy2 = pid(3), manager = pid(4), senior = pid(5)

    func candidates(
        dsl dslUp: Bool = true, deputy deputyUp: Bool = true, deputy2 deputy2Up: Bool = true,
        manager managerUp: Bool = true, senior seniorUp: Bool = true
    ) -> [RoutingCandidate] {
        [
            .init(person: dsl, link: .dsl, isAvailable: dslUp),
            .init(person: deputy, link: .deputy, isAvailable: deputyUp),
            .init(person: deputy2, link: .deputy, isAvailable: deputy2Up),
            .init(person: manager, link: .lineManager, isAvailable: managerUp),
            .init(person: senior, link: .seniorManager, isAvailable: seniorUp),
        ]
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let available: [Bool]  // dsl, deputy, deputy2, manager, senior
        let danger: Bool
        let handler: Int?
        let skipped: [Int]
        let also: [Int]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        .init(
            name: "DSL available takes it", available: [true, true, true, true, true], danger: false, handler: 1,
            skipped: [], also: []),
        .init(
            name: "DSL away: first deputy", available: [false, true, true, true, true], danger: false, handler: 2,
            skipped: [1], also: []),
        .init(
            name: "DSL and first deputy away: second deputy", available: [false, false, true, true, true],
            danger: false, handler: 3, skipped: [1, 2], also: []),
        .init(
            name: "All leads away: line manager", available: [false, false, false, true, true], danger: false,
            handler: 4, skipped: [1, 2, 3], also: []),
        .init(
            name: "Everyone in chain away: senior manager", available: [false, false, false, false, true],
            danger: false, handler: 5, skipped: [1, 2, 3, 4], also: []),
        .init(
            name: "Nobody available at all", available: [false, false, false, false, false], danger: false,
            handler: nil, skipped: [1, 2, 3, 4], also: []),
        .init(
            name: "Immediate danger alerts every available lead and the senior manager",
            available: [true, true, true, true, true], danger: true, handler: 1, skipped: [], also: [2, 3, 5]),
        .init(
            name: "Immediate danger with DSL away", available: [false, true, false, true, true], danger: true,
            handler: 2, skipped: [1], also: [5]),
    ]

    @Test(arguments: cases)
    func route(_ row: Case) {
        let a = row.available
        let route = AlertRoute.route(
            chain: RoutingLink.defaultChain,
            candidates: candidates(dsl: a[0], deputy: a[1], deputy2: a[2], manager: a[3], senior: a[4]),
            immediateDanger: row.danger)
        #expect(route.handler == row.handler.map(pid))
        #expect(route.steps.filter { $0.outcome == .skippedUnavailable }.map(\.person) == row.skipped.map(pid))
        #expect(route.steps.filter { $0.outcome == .alsoAlerted }.map(\.person) == row.also.map(pid))
        #expect(route.nobodyAvailable == (row.handler == nil))
        if let handler = row.handler { #expect(route.recipients.first == pid(handler)) }
    }

    /// Issue 12.3: whoever takes a concern, an available DSL hears of it too, once.
    @Test func anAvailableDSLIsAlwaysAlerted() {
        let lead = pid(9)
        let withLead = [RoutingCandidate(person: lead, link: .siteLead, isAvailable: true)] + candidates()
        let route = AlertRoute.route(chain: RoutingLink.defaultChain, candidates: withLead, immediateDanger: false)
        #expect(route.handler == lead)
        #expect(route.steps.contains(RoutingStep(person: dsl, link: .dsl, outcome: .alsoAlerted)))
        #expect(route.recipients == [lead, dsl])
        // The DSL taking it is not alerted twice; a DSL who is away is not alerted at all.
        let direct = AlertRoute.route(chain: RoutingLink.defaultChain, candidates: candidates(), immediateDanger: false)
        #expect(direct.recipients == [dsl])
        let away = AlertRoute.route(
            chain: [.siteLead, .dsl, .deputy],
            candidates: withLead.map {
                $0.person == dsl ? RoutingCandidate(person: dsl, link: .dsl, isAvailable: false) : $0
            }, immediateDanger: false)
        #expect(away.recipients == [lead])
    }

    /// Issue 12.3: only a DSL or deputy can lead a site.
    @Test(arguments: Role.allCases)
    func whoCanLeadASite(_ role: Role) {
        #expect(RoutingLink.canLeadASite([role]) == [.dsl, .deputyDSL].contains(role), "\(role)")
    }

    @Test func organisationChainOrderIsFollowed() {
        let route = AlertRoute.route(chain: [.lineManager, .dsl], candidates: candidates(), immediateDanger: false)
        #expect(route.handler == manager)
    }

    @Test func aPersonHoldingTwoLinksIsConsideredOnce() {
        let both = [
            RoutingCandidate(person: dsl, link: .dsl, isAvailable: false),
            RoutingCandidate(person: dsl, link: .deputy, isAvailable: false),
            RoutingCandidate(person: deputy, link: .deputy, isAvailable: true),
        ]
        let route = AlertRoute.route(chain: RoutingLink.defaultChain, candidates: both, immediateDanger: false)
        #expect(route.steps.map(\.person) == [dsl, deputy])
    }
}

@Suite("R1.2 roles held at a moment")
struct RolesHeldTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// `holds` answers as `roles(at:)` does: from a role's start, up to but not including its end.
    @Test(arguments: [-1.0, 0, 1, 86_399, 86_400, 86_401, 172_800])
    func holdingARoleMatchesTheRolesHeld(_ offset: Double) {
        let person = Person(
            id: pid(1), name: "Wren Holloway", email: "wren@example.org", kind: .staff,
            roleAssignments: [
                RoleAssignment(role: .deputyDSL, starts: Self.start, ends: Self.start.addingTimeInterval(86_400)),
                RoleAssignment(role: .dsl, starts: Self.start.addingTimeInterval(86_400)),
                RoleAssignment(role: .caseManager, starts: Self.start.addingTimeInterval(-10), ends: Self.start),
            ])
        let moment = Self.start.addingTimeInterval(offset)
        for role in Role.allCases {
            #expect(person.holds(role, at: moment) == person.roles(at: moment).contains(role), "\(role) at \(offset)")
        }
        #expect(person.holds(.dsl, at: moment) == (offset >= 86_400))
        #expect(person.holds(.deputyDSL, at: moment) == (offset >= 0 && offset < 86_400))
    }
}
