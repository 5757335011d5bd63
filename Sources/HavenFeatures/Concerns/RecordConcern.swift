import Foundation
import HavenDomain

/// R2.1, R2.3, R2.5, R2.7: what the recorder gets back after submitting a concern.
public struct RecordedConcern: Sendable {
    public let receipt: ConcernReceipt
    public let nudges: [DataQualityNudge]
    public let immediateDanger: Bool
    /// R2.6: the person named as having caused harm works or volunteers with children.
    public let perpetratorWorksWithChildren: Bool
    /// Issue 12.4: this was sent before with the same submission key; nothing new was stored.
    public let repeated: Bool

    public init(
        receipt: ConcernReceipt, content: ConcernDraft, repeated: Bool
    ) {
        self.receipt = receipt
        nudges = DataQualityNudge.nudges(for: content)
        immediateDanger = content.immediateDanger
        perpetratorWorksWithChildren = content.allegedPerpetrator?.worksWithChildren ?? false
        self.repeated = repeated
    }
}

/// R2.1–R2.7: records a concern, routes it (R1.3) and alerts the route in the app and by email,
/// all in one unit of work: the concern, its audit event and its alerts commit together.
public struct RecordConcern: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    /// Records `draft`. Sent again with the same `submission` key by the same person (a double
    /// tap, a retry), it stores nothing and answers with the first concern's receipt.
    /// The same key with different answers is refused (`keyField` names where the key came from).
    public func callAsFunction(
        _ draft: ConcernDraft, submission: SubmissionKey? = nil, keyField: String = "submission", by actor: Actor
    ) async throws -> RecordedConcern {
        try actor.require(.recordConcern)
        let now = env.clock.now()
        try InvalidInput.check(draft.validationErrors(now: now, limits: env.limits))
        if let submission, let first = try await firstSent(submission, as: draft, keyField: keyField, by: actor) {
            return first
        }
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
        // Issue 12.7: a site no longer run is not one to record against (a form opened before it closed).
        let site = draft.site.flatMap { id in sites.first { $0.id == id && $0.isOpen(at: now) } }
        if draft.site != nil && site == nil {
            throw InvalidInput(field: "site", "concerns.site.chooseOneOfTheOrganisations")
        }
        if let chosen = draft.allegedPerpetrator?.person, !people.contains(where: { $0.id == chosen }) {
            throw InvalidInput(field: "allegedPerpetrator.person", "concerns.allegedPerpetrator.chooseSomeoneHere")
        }
        let receipt: ConcernReceipt
        do {
            receipt = try await record(
                draft, submission: submission, concernID: concernID, childID: childID, linked: linked,
                people: people, chain: chain, sharedInbox: sharedInbox, site: site, now: now, by: actor)
        } catch {
            // The same key sent twice at once: the second insert of the key failed and its unit
            // rolled back whole. The first is the answer.
            if let submission, let first = try await firstSent(submission, as: draft, keyField: keyField, by: actor) {
                return first
            }
            throw error
        }
        return RecordedConcern(receipt: receipt, content: draft, repeated: false)
    }

    /// The concern this person already sent with `key`, as its receipt; refused when its answers
    /// were not these (a page from history, edited, must not be lost as a repeat).
    func firstSent(_ key: SubmissionKey, as draft: ConcernDraft, keyField: String, by actor: Actor) async throws
        -> RecordedConcern?
    {
        guard let sent = try await env.read({ tx in try await tx.concerns.concern(submittedAs: key, by: actor.person) })
        else { return nil }
        let first = try await ViewReceipt(env).recorded(sent.concern, repeated: true, by: actor)
        guard sent.fingerprint == draft.fingerprint else {
            throw InvalidInput(
                field: keyField, "concerns.submission.alreadySent", ["reference": .text(first.receipt.reference)])
        }
        return first
    }

    /// The append unit: the concern, its children, its key, its chronology line, audit event and
    /// alerts, committed together.
    func record(
        _ draft: ConcernDraft, submission: SubmissionKey?, concernID: ConcernID, childID: ChildID,
        linked: [ChildRecord], people: [Person], chain: [RoutingLink], sharedInbox: String?, site: Site?,
        now: Date, by actor: Actor
    ) async throws -> ConcernReceipt {
        let env = self.env
        return try await env.append { tx in
            let recorder = people.first { $0.id == actor.person }
            // Issue 12.3: whoever is named as having caused harm is left out of the route, and so
            // is everyone recorded as living with them.
            let accused = StaffHousehold.keptAway(
                draft.allegedPerpetrator?.accused(among: people.map { ($0.id, $0.name) }) ?? [], among: people)
            let route = AlertRoute.route(
                chain: chain, candidates: RoutingCandidates.from(people, recorder: recorder, site: site, at: now),
                immediateDanger: draft.immediateDanger, excluding: accused)
            let concern = Concern(
                id: concernID, childID: childID, recordedBy: actor.person, recordedAt: now, content: draft, route: route
            )
            try await tx.concerns.insert(
                concern, child: ChildRecord(id: childID, details: draft.child, createdAt: now), linkedChildren: linked)
            if let submission { try await tx.concerns.insertSubmission(submission, of: concern) }
            if !route.excluded.isEmpty {
                try await tx.concerns.insertExclusions(of: concern, children: [childID] + linked.map(\.id))
            }
            try await tx.chronology.add(
                ChronologyLine(at: now, kind: .concernRecorded, recordID: concernID.description, concernID: concernID),
                children: [childID] + linked.map(\.id))
            try await tx.audit(.concern(concernID, .concernRecorded, by: actor.person))
            // R7.1: what the child shared in confidence is kept apart from the content.
            if let text = draft.restricted {
                let confided = RestrictedInformationID(env.ids.uuid())
                try await tx.concerns.insertRestricted(
                    RestrictedInformation(
                        id: confided, concernID: concernID, addedBy: actor.person, addedAt: now, text: text))
                try await tx.chronology.add(
                    ChronologyLine(
                        at: now, kind: .restrictedAdded, recordID: confided.description, concernID: concernID),
                    children: [childID] + linked.map(\.id))
                try await tx.audit(.concern(concernID, .restrictedAdded, by: actor.person))
            }
            try await ConcernAlerts(env: env).send(concern, people: people, sharedInbox: sharedInbox, tx: tx)
            let handler = route.handler.flatMap { id in people.first { $0.id == id } }
            return ConcernReceipt(
                concernID: concernID, reference: concern.reference, recordedAt: now,
                receivedBy: handler?.name, nobodyAvailable: route.nobodyAvailable, sharedOutcome: nil)
        }
    }
}
