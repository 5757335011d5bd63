import Foundation
import HavenDomain

/// R3.3: sets an action with an owner and due date on a concern.
public struct SetAction: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(on id: ConcernID, description: String?, owner: String?, dueOn: String?, by actor: Actor)
        async throws -> CaseAction
    {
        let now = env.clock.now()
        let (text, ownerID, due) = try CaseAction.validate(
            description: description, owner: owner, dueOn: dueOn, defaultOwner: actor.person,
            today: env.calendar.day(of: now))
        let actionID = CaseActionID(env.ids.uuid())
        let checked = try await env.authorise(.concern(id, .actionSet, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            try actor.requireForRecord(
                .handleConcern(
                    delegatedTo: try await tx.cases.activeHandler(id, concerns: tx.concerns, people: tx.people, at: now)
                ))
            guard let owner = try await tx.people.find(ownerID), owner.isActive(at: now) else {
                throw InvalidInput(field: "owner", "cases.owner.chooseSomeoneWhoStillWorks")
            }
            // Issue 12.3: never someone the concern names as having caused harm, nor anyone the
            // child's file keeps away (a concern merged into it may name them); they would be
            // told of it by email.
            let fileKeepsAway = try await !tx.concerns.keepingAway(ownerID, among: [id]).isEmpty
            if concern.route.keepsAway(ownerID) || fileKeepsAway {
                throw InvalidInput(field: "owner", "cases.owner.namedInTheConcern")
            }
            return (concern, owner, try await tx.people.find(actor.person))
        }
        let (concern, owner, giver) = checked
        let env = self.env
        return try await env.write { tx in
            // The same open action set again (a form sent again from history) is the one already set.
            if let same = try await tx.cases.actions(concerns: [id]).first(where: {
                $0.completedAt == nil && $0.description == text && $0.owner == ownerID && $0.dueOn == due
                    && $0.createdBy == actor.person
            }) {
                return same
            }
            let action = CaseAction(
                id: actionID, concernID: id, childID: concern.childID, description: text, owner: ownerID,
                dueOn: due, createdBy: actor.person, createdAt: now)
            try await tx.cases.insertAction(action)
            try await tx.addToChronology(
                ChronologyLine(at: now, kind: .actionSet, recordID: actionID.description, concernID: id))
            try await tx.audit(.concern(id, .actionSet, by: actor.person))
            if owner.id != actor.person {
                try await ActionOwnerEmail.tell(owner, givenBy: giver, due: due, env: env, tx: tx)
            }
            return action
        }
    }
}

/// R3.3: marks an action done.
public struct CompleteAction: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ id: CaseActionID, by actor: Actor) async throws -> CaseAction {
        let now = env.clock.now()
        let action = try await env.authorise(
            AuditEntry(
                actor: actor.person, action: .actionCompleted, subjectType: .action,
                subjectID: id.description)
        ) { tx in
            guard let action = try await tx.cases.action(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, fromConcern: action.concernID)
            // Issue 12.7: the person it was given to may mark it done, lead or not.
            try actor.requireForRecord(
                .completeAction(
                    ownedBy: action.owner,
                    delegatedTo: try await tx.cases.activeHandler(
                        action.concernID, concerns: tx.concerns, people: tx.people, at: now)))
            return action
        }
        // Read again inside the writer (one row, by its key): two taps at once must complete it once.
        return try await env.write { [action] tx in
            guard var current = try await tx.cases.action(id) else { return action }
            // Again inside the writer: the action may have been handed to someone else meanwhile.
            try actor.requireForRecord(
                .completeAction(
                    ownedBy: current.owner,
                    delegatedTo: try await tx.cases.activeHandler(
                        current.concernID, concerns: tx.concerns, people: tx.people, at: now)))
            if current.completedAt == nil {
                try await tx.cases.completeAction(id, at: now, by: actor.person)
                try await tx.addToChronology(
                    ChronologyLine(
                        at: now, kind: .actionCompleted, recordID: id.description, concernID: current.concernID))
                try await tx.audit(.concern(current.concernID, .actionCompleted, by: actor.person))
                current.completedAt = now
                current.completedBy = actor.person
            }
            return current
        }
    }
}
