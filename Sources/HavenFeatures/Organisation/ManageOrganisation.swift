import Foundation
import HavenDomain

/// R1.1, R1.7: the administrator's view and edit of the organisation profile and settings.
public struct ManageOrganisation: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func current(by actor: Actor) async throws -> (OrganisationProfile?, SettingsProfile?, [RoutingLink]) {
        try actor.require(.manageOrganisation)
        return try await env.read { tx in
            (
                try await tx.organisation.profile(), try await tx.organisation.settings(),
                try await tx.organisation.routingChain()
            )
        }
    }

    /// R1.7: saving a profile whose settings type changed loads that type's defaults.
    public func save(_ profile: OrganisationProfile, by actor: Actor) async throws {
        try actor.require(.manageOrganisation)
        try await env.write { tx in
            let previous = try await tx.organisation.profile()
            try await tx.organisation.saveProfile(profile)
            let settings = try await tx.organisation.settings()
            if previous?.settingsProfile != profile.settingsProfile || settings == nil {
                try await tx.organisation.saveSettings(.defaults(for: profile.settingsProfile))
            }
            try await tx.audit(AuditEntry(actor: actor.person, action: .organisationUpdated))
        }
    }
}

extension ManageOrganisation {
    /// R1.7: the organisation changes any of its profile's defaults.
    public func saveSettings(_ settings: SettingsProfile, by actor: Actor) async throws {
        try actor.require(.manageOrganisation)
        try await env.write { tx in
            try await tx.organisation.saveSettings(settings)
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .organisationUpdated, subjectType: .organisation, subjectID: "settings"
                ))
        }
    }

    /// R1.1: the organisation's sites (names only: shown on the recording form to everyone).
    public func sites() async throws -> [Site] {
        try await env.read { tx in try await tx.organisation.sites() }
    }

    /// R1.1: adds or renames a site. Naming its designated lead (who is alerted first about
    /// concerns raised there) waits for a DSL's approval (R1.2); until then the site keeps the
    /// lead it had.
    public func saveSite(name: String?, designatedLead: String?, id: String? = nil, by actor: Actor) async throws -> (
        Site, ApprovalID?
    ) {
        try actor.require(.manageOrganisation)
        let asked = try Site.validated(
            id: id.flatMap(SiteID.init(string:)) ?? SiteID(env.ids.uuid()), name: name, designatedLead: designatedLead)
        let changes = try await ProtectedChanges.prepared(env)
        let now = env.clock.now()
        return try await env.write { tx in
            var site = asked
            if let lead = asked.designatedLead {
                guard let person = try await tx.people.find(lead), person.isActive(at: now) else {
                    throw InvalidInput(field: "designatedLead", "organisation.designatedLead.chooseSomeoneWhoWorksHere")
                }
                // Issue 12.3: a site lead must be able to open and act on what they are sent.
                guard RoutingLink.canLeadASite(person.roles(at: now)) else {
                    throw InvalidInput(field: "designatedLead", "organisation.designatedLead.mustBeALead")
                }
            }
            let previous = try await tx.organisation.sites().first { $0.id == site.id }
            if id != nil && previous == nil { throw InvalidInput(field: "name", "organisation.site.notFound") }
            if previous?.closedAt != nil { throw InvalidInput(field: "name", "organisation.site.closed") }
            site.designatedLead = previous?.designatedLead
            site.closedAt = previous?.closedAt
            try await tx.organisation.saveSite(site)
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .organisationUpdated, subjectType: .site,
                    subjectID: site.id.description))
            var approval: ApprovalID?
            if let lead = asked.designatedLead, lead != previous?.designatedLead {
                approval = try await changes.request(
                    .siteLead(site: site.id, siteName: site.name, lead: lead), by: actor.person, tx: tx
                ).id
            }
            return (site, approval)
        }
    }

    /// Issue 12.7: the sites still run, which the recording form offers.
    public func openSites() async throws -> [Site] {
        let now = env.clock.now()
        return try await sites().filter { $0.isOpen(at: now) }
    }

    /// Issue 12.7: a site the organisation no longer runs. It is no longer offered when recording
    /// (and a form sent naming it is refused), so its lead is no longer first for new concerns;
    /// concerns already raised there keep its name. Audited.
    public func closeSite(_ id: String?, by actor: Actor) async throws {
        try actor.require(.manageOrganisation)
        guard let id = id.flatMap(SiteID.init(string:)) else {
            throw InvalidInput(field: "site", "organisation.site.notFound")
        }
        let now = env.clock.now()
        try await env.write { tx in
            guard var site = try await tx.organisation.sites().first(where: { $0.id == id }) else {
                throw InvalidInput(field: "site", "organisation.site.notFound")
            }
            guard site.closedAt == nil else { return }
            site.closedAt = now
            try await tx.organisation.saveSite(site)
            try await tx.audit(
                AuditEntry(
                    actor: actor.person, action: .siteClosed, subjectType: .site, subjectID: site.id.description))
        }
    }

    /// R2.2: the categories the recording form offers (every category until settings exist).
    public func offeredCategories() async throws -> [ConcernCategory] {
        try await env.read { tx in try await tx.organisation.settings()?.categories ?? ConcernCategory.allCases }
    }

    /// R1.3: the alert chain (one of the offered choices) and an optional shared team inbox. A
    /// change to either decides who receives concerns, so it waits for a DSL's approval (R1.2).
    @discardableResult
    public func saveRouting(choice: Int?, sharedInbox: String?, by actor: Actor) async throws -> ApprovalID? {
        try actor.require(.manageOrganisation)
        guard let choice, RoutingLink.choices.indices.contains(choice) else {
            throw InvalidInput(field: "routingChain", "organisation.routingChain.chooseOneOfTheAlert")
        }
        let inbox = EmailAddress.validated(sharedInbox)
        if inbox == nil && cleaned(sharedInbox) != nil {
            throw InvalidInput(field: "sharedInbox", "organisation.sharedInbox.enterOneEmailAddressOr")
        }
        let changes = try await ProtectedChanges.prepared(env)
        return try await env.write { tx in
            let chain = try await tx.organisation.routingChain()
            let current = try await tx.organisation.sharedInbox()
            guard chain != RoutingLink.choices[choice] || current != inbox else { return nil }
            return try await changes.request(.routing(choice: choice, sharedInbox: inbox), by: actor.person, tx: tx).id
        }
    }

    public func sharedInbox(by actor: Actor) async throws -> String? {
        try actor.require(.manageOrganisation)
        return try await env.read { tx in try await tx.organisation.sharedInbox() }
    }
}

/// R1.4: the local contacts directory: everyone can read it; administrators edit it.
public struct LocalContacts: Sendable {
    let env: HavenEnvironment

    public init(_ env: HavenEnvironment) { self.env = env }

    public func list() async throws -> [LocalContact] {
        try await env.read { tx in try await tx.organisation.contacts() }
    }

    /// Issue 12.7: a contact that no longer answers is taken off the directory (and every page
    /// that shows it), audited.
    public func remove(area: String?, kind: String?, by actor: Actor) async throws {
        try actor.require(.manageContacts)
        guard let area = cleaned(area), let kind = kind.flatMap(LocalContactKind.init(rawValue:)) else {
            throw InvalidInput(field: "kind", "organisation.contact.chooseOne")
        }
        try await env.write { tx in
            try await tx.organisation.removeContact(area: area, kind: kind)
            try await tx.audit(
                AuditEntry(actor: actor.person, action: .contactRemoved, subjectType: .contact, subjectID: area))
        }
    }

    public func save(_ contact: LocalContact, by actor: Actor) async throws {
        try actor.require(.manageContacts)
        try await env.write { tx in
            try await tx.organisation.saveContact(contact)
            try await tx.audit(
                AuditEntry(actor: actor.person, action: .contactSaved, subjectType: .contact, subjectID: contact.area))
        }
    }
}
