import Foundation
import HavenDomain

/// R1.3: turns the people and roles on record into the candidates the routing rule walks.
enum RoutingCandidates {
    static func from(_ people: [Person], recorder: Person?, site: Site?, at now: Date) -> [RoutingCandidate] {
        var candidates: [RoutingCandidate] = []
        if let leadID = site?.designatedLead, let lead = people.first(where: { $0.id == leadID }) {
            candidates.append(.init(person: lead.id, link: .siteLead, isAvailable: !lead.isUnavailable))
        }
        // Each person's roles now, worked out once (this runs for every concern recorded).
        let held = people.map { (person: $0, roles: $0.roles(at: now)) }
        for (person, roles) in held where roles.contains(.dsl) {
            candidates.append(.init(person: person.id, link: .dsl, isAvailable: !person.isUnavailable))
        }
        for (person, roles) in held where roles.contains(.deputyDSL) {
            candidates.append(.init(person: person.id, link: .deputy, isAvailable: !person.isUnavailable))
        }
        if let managerID = recorder?.lineManagerID, let manager = people.first(where: { $0.id == managerID }) {
            candidates.append(.init(person: manager.id, link: .lineManager, isAvailable: !manager.isUnavailable))
        }
        let seniorRoles: Set<Role> = [.departmentDirector, .caseManager]
        let seniors = held.filter { !$0.roles.isDisjoint(with: seniorRoles) }.map(\.person).sorted { $0.seniority > $1.seniority }
        for person in seniors {
            candidates.append(.init(person: person.id, link: .seniorManager, isAvailable: !person.isUnavailable))
        }
        return candidates
    }
}
