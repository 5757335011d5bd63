import Foundation
import HavenDomain

/// How a protected change waiting for a DSL is kept (`approvals.change`), version 1: the JSON
/// Swift wrote for the enumeration when approvals were first kept, one key naming the case and
/// an object of its values (`{"grantRoles":{"person":…,"roles":[…]}}`), written out here so that
/// renaming a case or a value cannot change it.
struct ProtectedChangeV1: Codable {
    struct GrantRoles: Codable {
        let person: PersonID
        let roles: [Role]
    }
    struct SiteLead: Codable {
        let site: SiteID
        let siteName: String
        let lead: PersonID
    }
    struct Routing: Codable {
        let choice: Int
        let sharedInbox: String?
    }
    /// `from` left out: asked for before the address it replaces was kept.
    struct ChangeEmail: Codable {
        let person: PersonID
        let email: String
        let from: String?
    }
    struct Person: Codable {
        let person: PersonID
    }
    struct LineManager: Codable {
        let person: PersonID
        let manager: PersonID
    }
    struct Seniority: Codable {
        let person: PersonID
        let level: Int
    }
    /// `with` left out: they live with nobody here any more.
    struct Household: Codable {
        let person: PersonID
        let with: PersonID?
    }

    var grantRoles: GrantRoles?
    var siteLead: SiteLead?
    var routing: Routing?
    var changeEmail: ChangeEmail?
    var resetPassword: Person?
    var removeSecondFactor: Person?
    var lineManager: LineManager?
    var seniority: Seniority?
    var household: Household?

    init(_ change: ProtectedChange) {
        switch change {
        case .grantRoles(let person, let roles): grantRoles = GrantRoles(person: person, roles: roles)
        case .siteLead(let site, let siteName, let lead):
            siteLead = SiteLead(site: site, siteName: siteName, lead: lead)
        case .routing(let choice, let sharedInbox): routing = Routing(choice: choice, sharedInbox: sharedInbox)
        case .changeEmail(let person, let email, let from):
            changeEmail = ChangeEmail(person: person, email: email, from: from)
        case .resetPassword(let person): resetPassword = Person(person: person)
        case .removeSecondFactor(let person): removeSecondFactor = Person(person: person)
        case .lineManager(let person, let manager): lineManager = LineManager(person: person, manager: manager)
        case .seniority(let person, let level): seniority = Seniority(person: person, level: level)
        case .household(let person, let with): household = Household(person: person, with: with)
        }
    }

    struct Unreadable: Error {}

    func change() throws -> ProtectedChange {
        if let grantRoles { return .grantRoles(person: grantRoles.person, roles: grantRoles.roles) }
        if let siteLead { return .siteLead(site: siteLead.site, siteName: siteLead.siteName, lead: siteLead.lead) }
        if let routing { return .routing(choice: routing.choice, sharedInbox: routing.sharedInbox) }
        if let changeEmail {
            return .changeEmail(person: changeEmail.person, email: changeEmail.email, from: changeEmail.from)
        }
        if let resetPassword { return .resetPassword(person: resetPassword.person) }
        if let removeSecondFactor { return .removeSecondFactor(person: removeSecondFactor.person) }
        if let lineManager { return .lineManager(person: lineManager.person, manager: lineManager.manager) }
        if let seniority { return .seniority(person: seniority.person, level: seniority.level) }
        if let household { return .household(person: household.person, with: household.with) }
        throw Unreadable()
    }

    static func encode(_ change: ProtectedChange) throws -> String { try JSONColumn.encode(ProtectedChangeV1(change)) }
    static func decode(_ text: String) throws -> ProtectedChange {
        try JSONColumn.decode(ProtectedChangeV1.self, text).change()
    }
}
