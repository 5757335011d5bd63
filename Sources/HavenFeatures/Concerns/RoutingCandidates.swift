import Foundation
import HavenDomain

/// R1.3: turns the people and roles on record into the candidates the routing rule walks.
enum RoutingCandidates {
    static func from(_ people: [Person], recorder: Person?, site: Site?, at now: Date) -> [RoutingCandidate] {
        var candidates: [RoutingCandidate] = []
        // R1.2: someone who has left is never routed to, whatever link names them.
        let people = people.filter { $0.isActive(at: now) }
        // Issue 12.3: a site's lead is routed to only while they can open what they are sent.
        if let leadID = site?.designatedLead, let lead = people.first(where: { $0.id == leadID }),
            RoutingLink.canLeadASite(lead.roles(at: now))
        {
            candidates.append(.init(person: lead.id, link: .siteLead, isAvailable: !lead.isUnavailable))
        }
        for person in people where person.holds(.dsl, at: now) {
            candidates.append(.init(person: person.id, link: .dsl, isAvailable: !person.isUnavailable))
        }
        for person in people where person.holds(.deputyDSL, at: now) {
            candidates.append(.init(person: person.id, link: .deputy, isAvailable: !person.isUnavailable))
        }
        if let managerID = recorder?.lineManagerID, let manager = people.first(where: { $0.id == managerID }) {
            candidates.append(.init(person: manager.id, link: .lineManager, isAvailable: !manager.isUnavailable))
        }
        // R4.2: case managers, alerted only when someone who works here is named (`AlertRoute`).
        for person in people where person.holds(.caseManager, at: now) {
            candidates.append(.init(person: person.id, link: .caseManager, isAvailable: !person.isUnavailable))
        }
        let seniors = people.filter { RoutingLink.ranksBySeniority($0.roles(at: now)) }
            .sorted { $0.seniority > $1.seniority }
        for person in seniors {
            candidates.append(.init(person: person.id, link: .seniorManager, isAvailable: !person.isUnavailable))
        }
        return candidates
    }
}
