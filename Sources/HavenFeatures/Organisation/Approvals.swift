import Foundation
import HavenDomain

/// R1.2: the changes waiting for a DSL's approval, for DSLs, deputies and administrators to see,
/// and a DSL's decision on one. A DSL who asked for a change, or whom it is about, cannot
/// approve it (but may refuse it). Every DSL is told of each decision.
public struct Approvals: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public struct Line: Sendable {
        public let approval: SafeguardingApproval
        public let description: Words
        public let requestedBy: Words
        public let decidedBy: Words?
        /// Why the viewer may not approve it, if they may not (nil: they may).
        public let cannotApprove: ApprovalRefusal?
        public let canRefuse: Bool
    }

    public func list(by actor: Actor) async throws -> (pending: [Line], decided: [Line]) {
        try actor.require(.viewApprovals)
        let (pending, decided, people, states) = try await env.read { tx in
            (
                try await tx.approvals.pending(), try await tx.approvals.decided(limit: 50), try await tx.people.all(),
                try await tx.people.accountStates()
            )
        }
        let name = ProtectedChanges.names(people)
        let who = ProtectedChanges.identities(people, states: states)
        // Whom it is about by name and sign-in email, as they are now (names are not unique); an
        // email change, which says both addresses, by name alone.
        let line = { (approval: SafeguardingApproval) in
            Line(
                approval: approval, description: approval.change.describe(who, nameOnly: name),
                requestedBy: name(approval.requestedBy),
                decidedBy: approval.decidedBy.map(name),
                cannotApprove: ApprovalRule.refusal(approver: actor, approval: approval, people: people),
                canRefuse: ApprovalRule.refusalToRefuse(approver: actor, approval: approval, people: people) == nil)
        }
        return (pending.map(line), decided.map(line))
    }

    public func decide(_ id: ApprovalID, approve: Bool, by actor: Actor) async throws {
        try actor.require(.decideApproval)
        let now = env.clock.now()
        let changes = try await ProtectedChanges.prepared(env)
        let people = changes.people
        try await env.write { tx in
            guard let approval = try await tx.approvals.find(id) else { throw AccessError.notFound }
            // Who lives with whom as it is now, inside the writer (issue 12.3).
            let everyone = try await tx.people.all()
            let refusal =
                approve
                ? ApprovalRule.refusal(approver: actor, approval: approval, people: everyone)
                : ApprovalRule.refusalToRefuse(approver: actor, approval: approval, people: everyone)
            if let refusal { throw InvalidInput(field: "approval", refusal.words) }
            if approve { try await changes.apply(approval.change, approvedBy: actor.person, tx: tx) }
            try await tx.approvals.decide(id, status: approve ? .approved : .refused, by: actor.person, at: now)
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: approve ? .approvalGranted : .approvalRefused,
                    subjectType: .approval, subjectID: id.description))
            let name = ProtectedChanges.names(people)
            let who = ProtectedChanges.identities(people, states: changes.states)
            let arguments: [String: Words.Argument] = [
                "actor": .words(name(actor.person)), "requester": .words(name(approval.requestedBy)),
                "change": .words(approval.change.describe(who, nameOnly: name)),
            ]
            try await changes.tellDSLs(
                Words(approve ? "email.approved.body" : "email.refused.body", arguments),
                subject: Words(approve ? "email.approved.subject" : "email.refused.subject"), people: people, tx: tx)
            if let requester = people.first(where: { $0.id == approval.requestedBy }), !requester.holds(.dsl, at: now) {
                try await tx.notices.insert(
                    Notice(
                        id: env.ids.uuid(), recipient: requester.id,
                        message: env.text(
                            Words(
                                approve ? "notice.requestApproved" : "notice.requestRefused",
                                ["change": .words(approval.change.describe(who, nameOnly: name))])),
                        link: nil, createdAt: now))
            }
        }
    }
}

/// R1.2: the notes Haven has left for the signed-in person, newest first.
public struct MyNotices: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func callAsFunction(by actor: Actor, limit: Int = 10) async throws -> [Notice] {
        try await env.read { tx in try await tx.notices.notices(for: actor.person, limit: limit) }
    }

    /// How many protected changes wait for a DSL (shown to DSLs and deputies on their start page).
    public func pendingApprovals(by actor: Actor) async throws -> Int {
        guard AccessPolicy.decide(.viewApprovals, for: actor) == .allowed, actor.isSafeguardingLead else { return 0 }
        return try await env.read { tx in try await tx.approvals.pending().count }
    }
}
