import Foundation
import HavenDomain

/// R2.4: appends an addendum with its author, time and reason; the original is never changed.
public struct AddAddendum: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(to id: ConcernID, reason: String?, text: String?, by actor: Actor) async throws
        -> Addendum
    {
        let (reason, text) = try Addendum.validate(reason: reason, text: text)
        let addendumID = AddendumID(env.ids.uuid())
        let now = env.clock.now()
        try await env.authorise(.concern(id, .addendumAdded, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            try actor.requireForRecord(
                .addAddendum(
                    recordedBy: concern.recordedBy,
                    delegatedTo: try await tx.cases.activeHandler(id, concerns: tx.concerns, people: tx.people, at: now)
                ))
        }
        return try await env.write { tx in
            let addendum = Addendum(
                id: addendumID, concernID: id, author: actor.person, addedAt: now, reason: reason, text: text)
            try await tx.concerns.insertAddendum(addendum)
            try await tx.addToChronology(
                ChronologyLine(at: now, kind: .addendum, recordID: addendumID.description, concernID: id))
            try await tx.audit(.concern(id, .addendumAdded, by: actor.person))
            return addendum
        }
    }
}
