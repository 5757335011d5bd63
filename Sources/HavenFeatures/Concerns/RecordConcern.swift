import Foundation
import HavenDomain

/// R2.1, R2.3, R2.5, R2.7: what the recorder gets back after submitting a concern.
public struct RecordedConcern: Sendable {
    public let receipt: ConcernReceipt
    public let nudges: [DataQualityNudge]
    public let immediateDanger: Bool
}

/// R2.1–R2.7: records a concern, routes it (R1.3) and alerts the route in the app and by email,
/// all in one unit of work: the concern, its audit event and its alerts commit together.
public struct RecordConcern: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(_ draft: ConcernDraft, by actor: Actor) async throws -> RecordedConcern {
        try actor.require(.recordConcern)
        let now = env.clock.now()
        try InvalidInput.check(draft.validationErrors(now: now, limits: env.limits))
        // N1: a person recording faster than anyone does by hand is a script (a stolen session):
        // refused here, before the writer, with nothing stored.
        guard env.counters.recordConcern(by: actor.person, limit: env.limits.concernsPerPersonPer10Minutes, now: now)
        else {
            throw LimitReached.recording
        }
        let env = self.env
        let concernID = ConcernID(env.ids.uuid())
        let childID = ChildID(env.ids.uuid())
        let linked = draft.linkedChildren.map {
            ChildRecord(
                id: ChildID(env.ids.uuid()), details: ChildDetails(name: $0.name, description: $0.relationship),
                createdAt: now)
        }
        // Who can take the alert is read first, so recording the concern only adds rows (`append`):
        // the serialised writer then has nothing to do for it but chain its audit event and store it.
        // An append body runs once, before the writer, so its ids can be drawn as it goes.
        let (people, chain, sharedInbox, sites) = try await env.read { tx in
            (
                try await tx.people.all(), try await tx.organisation.routingChain(),
                try await tx.organisation.sharedInbox(),
                try await tx.organisation.sites()
            )
        }
        let site = draft.site.flatMap { id in sites.first { $0.id == id } }
        if draft.site != nil && site == nil {
            throw InvalidInput(field: "site", "concerns.site.chooseOneOfTheOrganisations")
        }
        let receipt = try await env.append { tx in
            let recorder = people.first { $0.id == actor.person }
            let route = AlertRoute.route(
                chain: chain, candidates: RoutingCandidates.from(people, recorder: recorder, site: site, at: now),
                immediateDanger: draft.immediateDanger)
            let concern = Concern(
                id: concernID, childID: childID, recordedBy: actor.person, recordedAt: now, content: draft, route: route
            )
            try await tx.concerns.insert(
                concern, child: ChildRecord(id: childID, details: draft.child, createdAt: now), linkedChildren: linked)
            try await tx.chronology.add(
                ChronologyLine(at: now, kind: .concernRecorded, recordID: concernID.description, concernID: concernID),
                children: [childID] + linked.map(\.id))
            try await tx.audit(.concern(concernID, .concernRecorded, by: actor.person))
            try await ConcernAlerts(env: env).send(concern, people: people, sharedInbox: sharedInbox, tx: tx)
            let handler = route.handler.flatMap { id in people.first { $0.id == id } }
            return ConcernReceipt(
                concernID: concernID, reference: concern.reference, recordedAt: now,
                receivedBy: handler?.name, nobodyAvailable: route.nobodyAvailable, sharedOutcome: nil)
        }
        return RecordedConcern(
            receipt: receipt, nudges: DataQualityNudge.nudges(for: draft), immediateDanger: draft.immediateDanger)
    }
}
