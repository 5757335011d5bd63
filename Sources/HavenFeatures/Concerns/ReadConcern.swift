import Foundation
import HavenDomain

/// R2.4, R3.1: a concern as its reader is allowed to see it, with everything added since.
public struct ConcernFile: Sendable {
    public let concern: Concern
    public let child: ChildRecord
    public let linkedChildren: [ChildRecord]
    /// R2.4, R7.1: a page of the addenda (every author's for those handling the concern; the
    /// reader's own otherwise), in the order they were added.
    public let addenda: [Addendum]
    /// Where the next page of addenda starts, if there is one.
    public let moreAddenda: AddendumPosition?
    /// R2.7: decisions are shown only to the DSL and deputies.
    public let decisions: [TriageDecision]
    public let actions: [CaseAction]
    public let names: [PersonID: String]
    public let readerIsLead: Bool
    /// R1.3: the line manager handling this concern, if the DSL delegated it.
    public let delegate: PersonID?
    /// Whether the reader may decide and set actions: a lead, or the delegate.
    public let readerHandles: Bool
    /// Issue 12.7: the allegation record started from this concern, shown to those handling it.
    public let allegation: StartedAllegation?
    /// R7.1: how many pieces of restricted information the concern holds, for a reader who may
    /// read them (the DSL and deputies); nil for anyone else, who is not told there are any.
    public let restrictedCount: Int?
    /// R3.1: copies of referral forms made outside Haven, for those handling the concern.
    public let referralCopies: [ReferralCopy]

    /// A person's name, or "unknown" for someone no longer on record.
    public func name(_ id: PersonID?) -> Words {
        id.flatMap { names[$0] }.map(Words.verbatim) ?? Words("person.unknown")
    }
}

/// R7.1: opens a concern. The read is audited, durably, before content is returned; a refusal is audited too.
public struct ReadConcern: Sendable {
    let env: HavenEnvironment
    /// Addenda shown at once; more follow a page at a time.
    public static let addendaPageSize = 50

    public init(_ env: HavenEnvironment) { self.env = env }

    /// Opens the concern, with the page of addenda after `addendaAfter` (the first page if nil).
    public func callAsFunction(_ id: ConcernID, addendaAfter: AddendumPosition? = nil, by actor: Actor) async throws
        -> ConcernFile
    {
        let now = env.clock.now()
        let size = Self.addendaPageSize
        return try await env.auditedRead(.concern(id, .concernRead, by: actor.person)) { tx in
            guard let concern = try await tx.concerns.find(id) else { throw AccessError.notFound }
            try await tx.concerns.keepAway(actor, from: concern)
            let delegate = try await tx.cases.activeHandler(of: concern, people: tx.people, at: now)
            let readers = try await tx.cases.allegationReaders(of: concern, people: tx.people, at: now)
            try actor.requireForRecord(
                .readConcern(recordedBy: concern.recordedBy, delegatedTo: delegate, alsoReadBy: readers))
            guard let child = try await tx.concerns.child(concern.childID) else { throw AccessError.notFound }
            let handles = AccessPolicy.decide(.handleConcern(delegatedTo: delegate), for: actor) == .allowed
            // Those handling the concern see every addendum; anyone else who may open it
            // (its recorder) sees only what they added themselves.
            // One more than a page, to know whether another follows.
            let added = try await tx.concerns.addenda(
                id, by: handles ? nil : actor.person, after: addendaAfter, limit: size + 1)
            let addenda = Array(added.prefix(size))
            let decisions = handles ? try await tx.cases.decisions(id) : []
            let actions = handles ? try await tx.cases.actions(concerns: [id]) : []
            let allegation = handles ? try await tx.cases.allegationsStarted(concerns: [id], limit: 1).first : nil
            let copies = handles ? try await tx.cases.referralCopies(id) : []
            let restricted =
                AccessPolicy.decide(.handleRestricted, for: actor) == .allowed
                ? try await tx.concerns.restrictedCount(id) : nil
            // The names of just the people this file mentions, not of everyone on record.
            let named: [PersonID] =
                [concern.recordedBy] + concern.route.steps.map(\.person) + addenda.map(\.author)
                + decisions.map(\.decidedBy) + actions.flatMap { [$0.owner] + ($0.completedBy.map { [$0] } ?? []) }
                + (delegate.map { [$0] } ?? []) + (allegation.map { [$0.startedBy] } ?? []) + copies.map(\.addedBy)
            let people = try await tx.people.find(named)
            return ConcernFile(
                concern: concern, child: child,
                linkedChildren: try await tx.concerns.children(try await tx.concerns.linkedChildren(of: id)),
                addenda: addenda,
                moreAddenda: added.count > size ? addenda.last.map(AddendumPosition.init(after:)) : nil,
                decisions: decisions, actions: actions,
                names: Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }),
                readerIsLead: actor.isSafeguardingLead, delegate: delegate, readerHandles: handles,
                allegation: allegation, restrictedCount: restricted, referralCopies: copies)
        }
    }
}
