import Foundation

/// R1.2: a change that would let someone receive or read concerns, or take over the account of
/// someone who can. It takes effect only when a DSL other than the person who asked for it
/// approves it in Haven (or from the server's command line); until then it waits, visible to
/// every DSL, and every DSL is told of it.
public enum ProtectedChange: Equatable, Sendable, Codable {
    /// Roles that give need-to-know, for a person who does not hold them now.
    case grantRoles(person: PersonID, roles: [Role])
    /// Naming a site's designated lead, who is alerted first about concerns raised there.
    case siteLead(site: SiteID, siteName: String, lead: PersonID)
    /// The alert chain (one of the offered choices) and the shared team inbox.
    case routing(choice: Int, sharedInbox: String?)
    /// For a person holding a need-to-know role: a new sign-in email, and the one they had when
    /// it was asked for (nil in a request kept before it was recorded), for the history of
    /// approvals once the change has been made.
    case changeEmail(person: PersonID, email: String, from: String? = nil)
    /// For a person holding a need-to-know role: a password reset link sent to their email.
    case resetPassword(person: PersonID)
    /// For a person holding a need-to-know role: their second factor removed (a lost phone).
    case removeSecondFactor(person: PersonID)
    /// Issue 12.7: `manager` made `person`'s line manager, who is sent their concerns when no
    /// safeguarding lead can take them (R1.3).
    case lineManager(person: PersonID, manager: PersonID)
    /// Issue 12.7: the seniority of someone who ranks for the senior manager's link (R1.3).
    case seniority(person: PersonID, level: Int)
    /// Issue 12.3: `person` lives with `with` (joining their household), or, for nil, with nobody
    /// here any more. Either way it changes who a concern naming one of them is kept from.
    case household(person: PersonID, with: PersonID?)

    /// The people whose access or account the change is about: none of them may approve it.
    public var subjects: [PersonID] {
        switch self {
        case .grantRoles(let person, _), .changeEmail(let person, _, _), .resetPassword(let person),
            .removeSecondFactor(let person):
            [person]
        case .siteLead(_, _, let lead): [lead]
        // The one who would be sent concerns first, and the one whose concerns they would be.
        case .lineManager(let person, let manager): [manager, person]
        case .seniority(let person, _): [person]
        // Issue 12.3: both who would be kept from concerns naming the other (and who no longer would).
        case .household(let person, let with): [person] + (with.map { [$0] } ?? [])
        case .routing: []
        }
    }

    /// Issue 12.3: everyone the change is about, given who lives with whom now: its subjects and,
    /// for a household change, everyone now recorded as living with any of them (leaving a
    /// household, or joining one, changes what each of them is kept from).
    public func involved(among people: [Person]) -> Set<PersonID> {
        let subjects = Set(subjects)
        guard case .household = self else { return subjects }
        return subjects.union(
            people.filter { subjects.contains($0.id) }.flatMap { StaffHousehold.others(of: $0, among: people) }.map(
                \.id))
    }

    /// Whether the people it is about may refuse it: yes for a change to their account or access
    /// (it may be someone taking it over); not for recording who lives with whom (issue 12.3),
    /// which keeps them from concerns about their household: refusing it would be deciding
    /// their own access to those.
    public var subjectsMayRefuse: Bool {
        if case .household = self { return false }
        return true
    }

    /// Issue 12.7: whether asking for this makes `other`, still waiting, out of date: another lead
    /// for the same site, another alert chain, another sign-in email, line manager or seniority
    /// for the same person. The older request is withdrawn, so that approving it later cannot
    /// undo what was asked for since.
    public func supersedes(_ other: ProtectedChange) -> Bool {
        guard self != other else { return false }
        switch (self, other) {
        case (.siteLead(let site, _, _), .siteLead(let earlier, _, _)): return site == earlier
        case (.routing, .routing): return true
        case (.changeEmail(let person, _, _), .changeEmail(let earlier, _, _)),
            (.lineManager(let person, _), .lineManager(let earlier, _)),
            (.seniority(let person, _), .seniority(let earlier, _)),
            (.household(let person, _), .household(let earlier, _)):
            return person == earlier
        default: return false
        }
    }

    /// What the change does, in words for the approvals page, notices and emails (`name` gives
    /// whom it is about: a name, perhaps with their sign-in email; `nameOnly`, a name alone, for a
    /// change that says the addresses itself). Names of staff only: never anything about a child.
    public func describe(_ name: (PersonID) -> Words, nameOnly: ((PersonID) -> Words)? = nil) -> Words {
        switch self {
        case .grantRoles(let person, let roles):
            return Words(
                "organisation.change.grantRoles",
                [
                    "count": .number(roles.count), "person": .words(name(person)),
                    "roles": .words(.list(roles.sorted().map(\.title))),
                ])
        case .siteLead(_, let site, let lead):
            return Words("organisation.change.siteLead", ["person": .words(name(lead)), "site": .text(site)])
        case .routing(let choice, let inbox):
            let chain =
                RoutingLink.choices.indices.contains(choice)
                ? RoutingLink.describe(RoutingLink.choices[choice]) : Words("organisation.change.unknownChain")
            guard let inbox else { return Words("organisation.change.routingNoInbox", ["chain": .words(chain)]) }
            return Words("organisation.change.routing", ["chain": .words(chain), "inbox": .text(inbox)])
        case .changeEmail(let person, let email, let from?):
            return Words(
                "organisation.change.emailFrom",
                ["person": .words(nameOnly?(person) ?? name(person)), "from": .text(from), "email": .text(email)])
        case .changeEmail(let person, let email, nil):
            return Words("organisation.change.email", ["person": .words(name(person)), "email": .text(email)])
        case .resetPassword(let person):
            return Words("organisation.change.resetPassword", ["person": .words(name(person))])
        case .removeSecondFactor(let person):
            return Words("organisation.change.removeSecondFactor", ["person": .words(name(person))])
        case .lineManager(let person, let manager):
            return Words(
                "organisation.change.lineManager", ["person": .words(name(person)), "manager": .words(name(manager))])
        case .seniority(let person, let level):
            return Words("organisation.change.seniority", ["person": .words(name(person)), "level": .number(level)])
        case .household(let person, let other?):
            return Words(
                "organisation.change.household", ["person": .words(name(person)), "other": .words(name(other))])
        case .household(let person, nil):
            return Words("organisation.change.householdLeft", ["person": .words(name(person))])
        }
    }
}

public enum ApprovalTag {}
public typealias ApprovalID = Identifier<ApprovalTag>

/// R1.2: a protected change and what became of it.
public struct SafeguardingApproval: Equatable, Sendable {
    /// `withdrawn`: replaced by a newer request for the same thing before anyone decided it.
    public enum Status: String, Codable, Sendable { case pending, approved, refused, withdrawn }

    public let id: ApprovalID
    public let change: ProtectedChange
    public let requestedBy: PersonID
    public let requestedAt: Date
    public var status: Status
    public var decidedBy: PersonID?
    public var decidedAt: Date?

    public init(
        id: ApprovalID, change: ProtectedChange, requestedBy: PersonID, requestedAt: Date, status: Status = .pending,
        decidedBy: PersonID? = nil, decidedAt: Date? = nil
    ) {
        self.id = id
        self.change = change
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.status = status
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}
