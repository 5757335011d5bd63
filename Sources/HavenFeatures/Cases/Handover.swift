import Foundation
import HavenDomain

/// R1.2, R3.3: the work left by people who have left (or no longer hold the role a concern was
/// delegated to them for): their open actions and the concerns that were delegated to them,
/// which are the DSL's again. The DSL hands each on. Actions are case content, so opening the
/// list is audited.
public struct Handover: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public struct Leaver: Sendable {
        public let person: Person
        public let actions: [CaseAction]
        public let delegated: [RecordedConcernSummary]
        /// The reference of each action's concern.
        public let references: [ConcernID: String]
    }

    public func callAsFunction(by actor: Actor) async throws -> (leavers: [Leaver], people: [Person]) {
        try actor.require(.manageCase)
        let now = env.clock.now()
        return try await env.auditedRead(AuditEntry(actor: actor.person, action: .handoverRead)) { tx in
            let people = try await tx.people.all()
            var leavers: [Leaver] = []
            for person in people {
                let gone = !person.isActive(at: now)
                // Issue 12.3: nothing of a concern that keeps this reader away.
                let owned = gone ? try await tx.cases.openActions(ownedBy: person.id) : []
                let away = try await tx.concerns.keepingAway(actor.person, among: owned.map(\.concernID))
                let actions = owned.filter { !away.contains($0.concernID) }
                var delegated: [RecordedConcernSummary] = []
                for id in try await tx.cases.concernsDelegated(to: person.id)
                where try await tx.cases.activeDelegate(id, people: tx.people, at: now) != person.id {
                    if let concern = try await tx.concerns.find(id), !concern.route.keepsAway(actor.person) {
                        delegated.append(
                            RecordedConcernSummary(
                                concernID: id, reference: concern.reference, recordedAt: concern.recordedAt))
                    }
                }
                var references: [ConcernID: String] = [:]
                for action in actions where references[action.concernID] == nil {
                    references[action.concernID] = try await tx.concerns.find(action.concernID)?.reference
                }
                if !actions.isEmpty || !delegated.isEmpty {
                    leavers.append(
                        Leaver(person: person, actions: actions, delegated: delegated, references: references))
                }
            }
            // Work goes to someone still here who has set up their account.
            let states = try await tx.people.accountStates()
            return (leavers, people.filter { $0.isActive(at: now) && states[$0.id]?.activated == true })
        }
    }

    /// Hands an open action to someone still here.
    public func reassign(_ id: CaseActionID, to owner: String?, by actor: Actor) async throws -> CaseAction {
        guard let ownerID = owner.flatMap(PersonID.init(string:)) else {
            throw InvalidInput(field: "owner", "cases.owner.chooseWhoShouldDoIt")
        }
        let now = env.clock.now()
        let checked = try await env.authorise(
            AuditEntry(
                actor: actor.person, action: .actionReassigned, subjectType: .action,
                subjectID: id.description)
        ) { tx in
            guard let action = try await tx.cases.action(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, fromConcern: action.concernID)
            try actor.requireForRecord(
                .handleConcern(
                    delegatedTo: try await tx.cases.activeHandler(
                        action.concernID, concerns: tx.concerns, people: tx.people, at: now)))
            guard let person = try await tx.people.find(ownerID), person.isActive(at: now) else {
                throw InvalidInput(field: "owner", "cases.owner.chooseSomeoneWhoStillWorks")
            }
            // Issue 12.3: never to someone the concern names as having caused harm.
            if try await !tx.concerns.keepingAway(ownerID, among: [action.concernID]).isEmpty {
                throw InvalidInput(field: "owner", "cases.owner.namedInTheConcern")
            }
            return (action, person, try await tx.people.find(actor.person))
        }
        let (found, owner, giver) = checked
        let env = self.env
        return try await env.write { tx in
            var action = found
            try await tx.cases.reassignAction(id, to: ownerID)
            try await tx.audit(.concern(action.concernID, .actionReassigned, by: actor.person))
            // The new owner hears of it, as when an action is set (not someone taking their own back).
            if ownerID != found.owner, ownerID != actor.person, action.completedAt == nil {
                try await ActionOwnerEmail.tell(owner, givenBy: giver, due: action.dueOn, env: env, tx: tx)
            }
            action.owner = ownerID
            return action
        }
    }
}
