import Foundation
import HavenDomain

/// What may be read of decisions, actions, households and delegations: the only part a read unit is given.
public protocol CaseReads: Sendable {
    func decisions(_ concern: ConcernID) async throws -> [TriageDecision]
    func decisions(concerns: [ConcernID]) async throws -> [TriageDecision]
    func action(_ id: CaseActionID) async throws -> CaseAction?
    func actions(concerns: [ConcernID]) async throws -> [CaseAction]
    func decisions(ids: [TriageID]) async throws -> [TriageDecision]
    func actions(ids: [CaseActionID]) async throws -> [CaseAction]
    /// Delegations by the id each was stored under.
    func delegations(ids: [String]) async throws -> [String: CaseDelegation]
    /// R3.3: a page of the actions not yet done, soonest due first, after `position`.
    func openActions(after position: OpenActionPosition?, limit: Int) async throws -> [CaseAction]
    /// R3.3: how many actions are not yet done, and how many of them were due before `today`.
    func openActionCounts(overdueBefore today: Day) async throws -> OpenActionCounts
    /// R1.2: the actions someone has not yet done (to hand on when they leave).
    func openActions(ownedBy owner: PersonID) async throws -> [CaseAction]
    /// Issue 12.7: the first `limit` of them, soonest due first.
    func openActions(ownedBy owner: PersonID, limit: Int) async throws -> [CaseAction]
    /// Issue 12.7: the reviews due on or before `day`, soonest first, at most `limit`; and how
    /// many there are, counted no further than `cap`.
    func reviewsDue(onOrBefore day: Day, limit: Int) async throws -> [DueReview]
    func reviewsDueCount(onOrBefore day: Day, upTo cap: Int) async throws -> Int
    /// Issue 12.7: the action the concern's current review set, if any; which of these actions
    /// are reviews; and how many review actions were due before `today`.
    func reviewAction(of concern: ConcernID) async throws -> CaseActionID?
    func reviewActions(among actions: [CaseActionID]) async throws -> Set<CaseActionID>
    func reviewActionsOverdueCount(before today: Day, upTo cap: Int) async throws -> Int
    /// Issue 12.7: of the overdue actions (reviews aside) and the reviews due, how many are on
    /// concerns that keep `person` away (few: counted from the exclusions' side).
    func keptAwayCounts(_ person: PersonID, overdueBefore today: Day, reviewsOnOrBefore day: Day) async throws -> (
        overdueActions: Int, reviews: Int
    )
    /// Issue 12.7: the allegation records started from these concerns (from any, if nil), the
    /// longest waiting first, at most `limit`.
    func allegationsStarted(concerns: [ConcernID]?, limit: Int) async throws -> [StartedAllegation]
    /// R3.1: the copies of referral forms kept with a concern, first added first (without their bytes).
    func referralCopies(_ concern: ConcernID) async throws -> [ReferralCopy]
    /// R3.1: one copy and its bytes.
    func referralCopy(_ id: ReferralCopyID) async throws -> (ReferralCopy, [UInt8])?
    func household(of child: ChildID) async throws -> [ChildID]
    func delegations(_ concern: ConcernID) async throws -> [CaseDelegation]
    /// Concerns whose current delegation is to `person`.
    func concernsDelegated(to person: PersonID) async throws -> [ConcernID]
}

/// Issue 12.7, R3.1: a concern the DSL set a review for, and the day of the review.
public struct DueReview: Sendable, Equatable {
    public let concernID: ConcernID
    public let reference: String
    public let reviewOn: Day

    public init(concernID: ConcernID, reference: String, reviewOn: Day) {
        self.concernID = concernID
        self.reference = reference
        self.reviewOn = reviewOn
    }
}

/// Issue 12.7, R2.6: an allegation record started from a concern, waiting for the allegations
/// module to take it forward.
public struct StartedAllegation: Sendable, Equatable {
    public let concernID: ConcernID
    public let reference: String
    public let startedAt: Date
    public let startedBy: PersonID

    public init(concernID: ConcernID, reference: String, startedAt: Date, startedBy: PersonID) {
        self.concernID = concernID
        self.reference = reference
        self.startedAt = startedAt
        self.startedBy = startedBy
    }
}

/// R3.1–R3.3: triage decisions, actions and household links.
public protocol CaseStore: CaseReads {
    func insertDecision(_ decision: TriageDecision) async throws
    func insertAction(_ action: CaseAction) async throws
    /// R3.1: keeps a copy of a referral form made outside Haven.
    func insertReferralCopy(_ copy: ReferralCopy, bytes: [UInt8]) async throws
    /// Issue 12.7: starts an allegation record from a concern (once: a second start changes nothing).
    func startAllegation(_ concern: ConcernID, at: Date, by person: PersonID) async throws
    /// Issue 12.7: the action a decision set for its review (after the decision is kept).
    func linkReview(of concern: ConcernID, to action: CaseActionID) async throws
    func completeAction(_ id: CaseActionID, at: Date, by person: PersonID) async throws
    /// R1.2: hands an open action to someone else (its owner has left).
    func reassignAction(_ id: CaseActionID, to owner: PersonID) async throws
    func linkHousehold(_ a: ChildID, _ b: ChildID) async throws
    /// R1.3: records a delegation; the newest for a concern is the current one.
    func insertDelegation(_ delegation: CaseDelegation, id: String) async throws
}

extension CaseReads {
    /// R1.3: who is handling the concern now, if the DSL delegated it.
    public func currentDelegate(_ concern: ConcernID) async throws -> PersonID? {
        try await delegations(concern).last?.delegate
    }

    /// R1.2, R1.3: the delegate whose delegation still holds (`CaseDelegation.holds`); once it
    /// lapses the concern is the DSL's alone again.
    public func activeDelegate(_ concern: ConcernID, people: any PersonReads, at now: Date) async throws -> PersonID? {
        guard let delegation = try await delegations(concern).last,
            let person = try await people.find(delegation.delegate),
            delegation.holds(for: person, at: now)
        else { return nil }
        return delegation.delegate
    }

    /// R1.3, issue 12.3: who besides the safeguarding leads handles the concern now: the DSL's
    /// delegate while the delegation holds; with no delegation ever made, the line or senior
    /// manager the alert chain gave it to when no lead could take it, while they still are that
    /// link (`RoutingLink.keepsAccess`). A DSL's delegation, once made, ends the chain's.
    public func activeHandler(
        _ concern: ConcernID, concerns: any ConcernReads, people: any PersonReads, at now: Date
    ) async throws -> PersonID? {
        guard let found = try await concerns.find(concern) else { return nil }
        return try await activeHandler(of: found, people: people, at: now)
    }

    /// Issue 12.3, R4.2: who besides its handlers may read the concern: the case managers alerted
    /// to it because it names someone who works here, while they are still case managers.
    public func allegationReaders(of concern: Concern, people: any PersonReads, at now: Date) async throws
        -> [PersonID]
    {
        let alerted = concern.route.caseManagersAlerted
        guard !alerted.isEmpty else { return [] }
        return try await people.find(alerted).filter { RoutingLink.caseManager.keepsAccess($0, recorder: nil, at: now) }
            .map(\.id)
    }

    /// The same, for a concern already read.
    public func activeHandler(of concern: Concern, people: any PersonReads, at now: Date) async throws -> PersonID? {
        let made = try await delegations(concern.id)
        if !made.isEmpty { return try await activeDelegate(concern.id, people: people, at: now) }
        guard let step = concern.route.chainManager, let person = try await people.find(step.person) else {
            return nil
        }
        let recorder = try await people.find(concern.recordedBy)
        return step.link.keepsAccess(person, recorder: recorder, at: now) ? person.id : nil
    }
}

/// The cases store, as read, append and write units each see it.
public enum CaseStoreKey: StoreKey {
    public typealias Reads = any CaseReads
    public typealias Store = any CaseStore
}

extension Reading {
    public var cases: any CaseReads { self[CaseStoreKey.self] }
}

extension Transaction {
    public var cases: any CaseStore { self[CaseStoreKey.self] }
}

/// R3.3: how many actions wait to be done, and how many of those are overdue.
public struct OpenActionCounts: Equatable, Sendable {
    public let open: Int
    public let overdue: Int

    public init(open: Int, overdue: Int) {
        self.open = open
        self.overdue = overdue
    }
}

/// R3.3: where a page of open actions ended (due day, then id).
public struct OpenActionPosition: Equatable, Sendable {
    public let dueOn: Day
    public let actionID: CaseActionID

    public init(after action: CaseAction) {
        dueOn = action.dueOn
        actionID = action.id
    }
}
