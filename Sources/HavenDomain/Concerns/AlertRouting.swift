import Foundation

/// R1.3: a link in the organisation's chain of who receives a new concern.
public enum RoutingLink: String, CaseIterable, Codable, Sendable {
    case siteLead = "site_lead"
    case dsl, deputy
    case lineManager = "line_manager"
    case seniorManager = "senior_manager"
    /// R4.2: a case manager, alerted when someone who works here is named as having caused harm
    /// (never a link of an organisation's chain).
    case caseManager = "case_manager"

    public var title: Words {
        switch self {
        case .siteLead: Words("concerns.routingLink.siteLead")
        case .dsl: Words("concerns.routingLink.dsl")
        case .deputy: Words("concerns.routingLink.deputy")
        case .lineManager: Words("concerns.routingLink.lineManager")
        case .seniorManager: Words("concerns.routingLink.seniorManager")
        case .caseManager: Words("concerns.routingLink.caseManager")
        }
    }

    /// R1.3: site lead, then DSL, then deputies, then the reporter's line manager.
    public static let defaultChain: [RoutingLink] = [.siteLead, .dsl, .deputy, .lineManager]

    /// R1.3: the chains an organisation can choose from. The most senior manager available is
    /// always the last resort, and always alerted when a child is in immediate danger.
    /// Issue 12.3: who may be named a site's designated lead: someone who can open and act on
    /// every concern they are sent, that is a DSL or a deputy.
    public static func canLeadASite(_ roles: Set<Role>) -> Bool { !roles.isDisjoint(with: [.dsl, .deputyDSL]) }
    /// R1.3: who is ranked by seniority for the senior manager's link: department directors and
    /// case managers. Their seniority decides who is sent a concern, so changing it waits for a
    /// DSL (issue 12.7); anyone else's changes nothing about routing.
    /// Issue 12.3: whether `person`, given a concern by this link, still has a delegate's access
    /// to it at `moment`: still working here, and still the recorder's line manager, or still a
    /// director or case manager; every other link holds its access by its role.
    public func keepsAccess(_ person: Person, recorder: Person?, at moment: Date) -> Bool {
        guard person.isActive(at: moment) else { return false }
        switch self {
        case .lineManager: return recorder?.lineManagerID == person.id
        case .seniorManager: return Self.ranksBySeniority(person.roles(at: moment))
        case .caseManager: return person.holds(.caseManager, at: moment)
        default: return false
        }
    }

    public static func ranksBySeniority(_ roles: Set<Role>) -> Bool {
        !roles.isDisjoint(with: [.departmentDirector, .caseManager])
    }

    public static let choices: [[RoutingLink]] = [
        defaultChain,
        [.siteLead, .dsl, .deputy, .seniorManager, .lineManager],
        [.dsl, .deputy, .lineManager],
    ]

    /// How a chain reads on screen.
    public static func describe(_ chain: [RoutingLink]) -> Words {
        Words.list(chain.map(\.title), separator: "list.arrow", last: nil)
    }
}

/// R1.3: someone who could receive an alert, and whether they can take it now.
public struct RoutingCandidate: Equatable, Sendable {
    public let person: PersonID
    public let link: RoutingLink
    public let isAvailable: Bool

    public init(person: PersonID, link: RoutingLink, isAvailable: Bool) {
        self.person = person
        self.link = link
        self.isAvailable = isAvailable
    }
}

/// R1.3: one step taken while routing, kept with the concern so that the route can be shown later.
public struct RoutingStep: Equatable, Sendable, Codable {
    public enum Outcome: String, Codable, Sendable {
        case chosen
        case skippedUnavailable = "skipped_unavailable"
        case alsoAlerted = "also_alerted"
    }
    public let person: PersonID
    public let link: RoutingLink
    public let outcome: Outcome

    public init(person: PersonID, link: RoutingLink, outcome: Outcome) {
        self.person = person
        self.link = link
        self.outcome = outcome
    }
}

/// R1.3: who a new concern goes to, and the trail of how that was decided.
public struct AlertRoute: Equatable, Sendable, Codable {
    /// The person who now owns the concern; nil only when nobody in the chain can take it.
    public let handler: PersonID?
    public let steps: [RoutingStep]
    /// Issue 12.3: people named (or possibly named) as having caused harm: left out of routing,
    /// alerts and access to this concern and its children's files, whatever roles they hold.
    public let excluded: [PersonID]

    public init(handler: PersonID?, steps: [RoutingStep], excluded: [PersonID] = []) {
        self.handler = handler
        self.steps = steps
        self.excluded = excluded
    }

    /// Whether this person is kept away from the concern.
    public func keepsAway(_ person: PersonID) -> Bool { excluded.contains(person) }

    /// Issue 12.3: the line or senior manager the chain gave the concern to when no safeguarding
    /// lead could take it, if it did: they have a delegate's access to this concern alone while
    /// `RoutingLink.keepsAccess` says they still are that link.
    public var chainManager: RoutingStep? {
        steps.first {
            $0.outcome == .chosen && $0.person == handler && [.lineManager, .seniorManager].contains($0.link)
        }
    }

    /// Issue 12.3, R4.2: the case managers alerted because the concern names someone who works
    /// here: they may read it while they are still case managers (`RoutingLink.keepsAccess`).
    public var caseManagersAlerted: [PersonID] {
        steps.filter { $0.link == .caseManager && $0.outcome == .alsoAlerted }.map(\.person)
    }

    /// Everyone to alert: the handler first, then anyone also alerted.
    public var recipients: [PersonID] {
        steps.filter { $0.outcome != .skippedUnavailable }.map(\.person)
    }

    /// R1.3: nobody in the chain could be reached, so the recorder must call the front door directly.
    public var nobodyAvailable: Bool { handler == nil }

    /// R1.3, R2.3: walk the chain, skipping anyone unavailable, and record every step.
    /// When the child is in immediate danger every available DSL and deputy is alerted too,
    /// and so is the most senior manager available. Nothing waits for an unavailable person.
    /// Issue 12.3: whoever takes it, an available DSL always hears of it too.
    /// Issue 12.3, R4.2: anyone `accused` is left out, whatever link names them (a DSL accused:
    /// the deputies are next), and every available case manager is alerted for the allegation.
    public static func route(
        chain: [RoutingLink], candidates all: [RoutingCandidate], immediateDanger: Bool,
        excluding accused: Set<PersonID> = []
    ) -> AlertRoute {
        let candidates = all.filter { !accused.contains($0.person) }
        var steps: [RoutingStep] = []
        var handler: PersonID?
        var seen = Set<PersonID>()
        for link in chain where handler == nil {
            for candidate in candidates where candidate.link == link && !seen.contains(candidate.person) {
                seen.insert(candidate.person)
                if candidate.isAvailable {
                    handler = candidate.person
                    steps.append(.init(person: candidate.person, link: link, outcome: .chosen))
                    break
                }
                steps.append(.init(person: candidate.person, link: link, outcome: .skippedUnavailable))
            }
        }
        let senior = candidates.first { $0.link == .seniorManager && $0.isAvailable }
        if handler == nil, let senior {
            handler = senior.person
            seen.insert(senior.person)
            steps.append(.init(person: senior.person, link: .seniorManager, outcome: .chosen))
        }
        for candidate in candidates where candidate.link == .dsl && candidate.isAvailable {
            guard !seen.contains(candidate.person) else { continue }
            seen.insert(candidate.person)
            steps.append(.init(person: candidate.person, link: .dsl, outcome: .alsoAlerted))
        }
        if !accused.isEmpty {
            for candidate in candidates where candidate.link == .caseManager && candidate.isAvailable {
                guard !seen.contains(candidate.person) else { continue }
                seen.insert(candidate.person)
                steps.append(.init(person: candidate.person, link: .caseManager, outcome: .alsoAlerted))
            }
        }
        if immediateDanger {
            let urgent =
                candidates.filter { [.siteLead, .dsl, .deputy].contains($0.link) } + (senior.map { [$0] } ?? [])
            for candidate in urgent where candidate.isAvailable && !seen.contains(candidate.person) {
                seen.insert(candidate.person)
                steps.append(.init(person: candidate.person, link: candidate.link, outcome: .alsoAlerted))
            }
        }
        return AlertRoute(handler: handler, steps: steps, excluded: accused.sorted { $0.description < $1.description })
    }
}
