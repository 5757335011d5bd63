import HavenDomain
import HavenFeatures
import Vapor

/// R1.1, R1.4, R1.7: the administrator's organisation and contacts pages. None shows case content.
struct AdminController {
    struct OrganisationPage: Encodable {
        let name: String
        let kinds: [Choice]
        let areas: String
        let education: Bool
        let regulator: String
        let statutory: Bool
        let profiles: [Choice]
        let secondFactorForEveryone: Bool
        let triageTarget: Int
        let retentionYears: Int
        let chain: String
        let chains: [Choice]
        let sharedInbox: String
        let trainingRefresh: Int
        let childAgeLimit: Int
        let categories: [Choice]
        let sites: [SiteLine]
        let closedSites: [SiteLine]
        let leads: [Choice]
        let waiting: Bool
        /// Issue 12.7: the site being changed, filled into the form (`?site=…`).
        let changing: SiteLine?
    }
    /// R1.1: a site as the administrator sees it.
    struct SiteLine: Encodable {
        let id: String
        let name: String
        let lead: String
        let leadID: String
        let closed: String?
        /// "Change …" and "Close …", the site's name set apart (it may be written right to left).
        let changeLabel: String
        let closeLabel: String
    }
    struct SiteForm: Content {
        let id: String?
        let name: String?
        let designatedLead: String?
    }
    struct CloseSiteForm: Content {
        let site: String?
        let confirm: String?
    }
    struct SettingsForm: Content {
        let triageTargetWorkingDays: String?
        let trainingRefreshYears: String?
        let concernRetentionYears: String?
        let childAgeLimit: String?
        let categories: [String]?
    }
    struct RoutingForm: Content {
        let routingChain: Int?
        let sharedInbox: String?
    }
    struct OrganisationForm: Content {
        let name: String?
        let kind: String?
        let areas: String?
        let isEducationSetting: String?
        let regulator: String?
        let hasStatutoryContract: String?
        let settingsProfile: String?
        let secondFactorRequiredForEveryone: String?
    }
    struct ContactsPage: Encodable {
        let contacts: [ContactLine]
        let kinds: [Choice]
        /// Issue 12.7: the contact being changed, filled into the form (`?area=…&kind=…`).
        let changing: ContactLine?
    }
    struct ContactForm: Content {
        let area: String?
        let kind: String?
        let name: String?
        let phone: String?
        let email: String?
    }

    func register(_ routes: any RoutesBuilder) {
        routes.on(.GET, "admin", "organisation", access: .permission(.manageOrganisation), use: organisation)
        // A refused form comes back on its page, filled in (N2).
        let manage = RouteAccess.permission(.manageOrganisation)
        routes.on(.POST, "admin", "organisation", access: manage, formPage: organisation, use: saveOrganisation)
        routes.on(.POST, "admin", "organisation", "routing", access: manage, formPage: organisation, use: saveRouting)
        routes.on(.POST, "admin", "organisation", "settings", access: manage, formPage: organisation, use: saveSettings)
        routes.on(.POST, "admin", "organisation", "sites", access: manage, formPage: organisation, use: saveSite)
        routes.on(
            .POST, "admin", "organisation", "sites", "close", access: manage, formPage: organisation, use: closeSite)
        routes.on(.GET, "admin", "contacts", access: .permission(.manageContacts), use: contacts)
        routes.on(
            .POST, "admin", "contacts", access: .permission(.manageContacts), formPage: contacts, use: saveContact)
        routes.on(
            .POST, "admin", "contacts", "remove", access: .permission(.manageContacts), formPage: contacts,
            use: removeContact)
    }

    @Sendable func organisation(_ req: Request) async throws -> Response {
        let (profile, settings, chain) = try await ManageOrganisation(req.haven).current(by: try req.actor)
        let inbox = try await ManageOrganisation(req.haven).sharedInbox(by: try req.actor)
        let people = try await ManagePeople(req.haven).list(by: try req.actor)
        let names = Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let all = try await ManageOrganisation(req.haven).sites().map { site in
            SiteLine(
                id: site.id.description, name: site.name,
                lead: site.designatedLead.flatMap { names[$0] } ?? req.text("organisation.site.noLead"),
                leadID: site.designatedLead?.description ?? "", closed: site.closedAt.map { req.display($0) },
                changeLabel: req.text("admin-organisation.change-site", ["site": .words(.isolated(site.name))]),
                closeLabel: req.text("admin-organisation.close-site", ["site": .words(.isolated(site.name))]))
        }
        // The site asked for, or the one a refused change was about (so that sending it again
        // changes that site rather than adding another).
        let refused = req.refusedForm.flatMap { $0.scope == "site" ? $0.values["id"]?.first : nil }
        let changing = ((try? req.query.get(String.self, at: "site")) ?? refused).flatMap { id in
            all.first { $0.id == id && $0.closed == nil }
        }
        return try await req.page(
            "admin-organisation",
            OrganisationPage(
                name: profile?.name ?? "",
                kinds: OrganisationKind.allCases.map {
                    Choice(value: $0.rawValue, title: req.text($0.title), selected: $0 == profile?.kind)
                },
                areas: profile?.localAuthorityAreas.joined(separator: ", ") ?? "",
                education: profile?.isEducationSetting ?? false,
                regulator: profile?.regulator ?? "", statutory: profile?.hasStatutoryContract ?? false,
                profiles: SettingsProfileKind.allCases.map {
                    Choice(value: $0.rawValue, title: req.text($0.title), selected: $0 == profile?.settingsProfile)
                },
                secondFactorForEveryone: profile?.secondFactorRequiredForEveryone ?? false,
                triageTarget: settings?.triageTargetWorkingDays ?? 0,
                retentionYears: settings?.concernRetentionYears ?? 6,
                chain: req.text(RoutingLink.describe(chain)),
                chains: RoutingLink.choices.enumerated().map {
                    Choice(
                        value: String($0.offset), title: req.text(RoutingLink.describe($0.element)),
                        selected: $0.element == chain
                    )
                },
                sharedInbox: inbox ?? "", trainingRefresh: settings?.trainingRefreshYears ?? 3,
                childAgeLimit: settings?.childAgeLimit ?? 18,
                categories: ConcernCategory.allCases.map {
                    Choice(
                        value: $0.rawValue, title: req.text($0.title),
                        selected: settings?.categories.contains($0) ?? true)
                },
                // Issue 12.3: only a DSL or deputy can lead a site.
                sites: all.filter { $0.closed == nil }, closedSites: all.filter { $0.closed != nil },
                leads: people.filter { RoutingLink.canLeadASite($0.roles(at: req.haven.clock.now())) }.map {
                    Choice(value: $0.id.description, title: $0.name)
                },
                waiting: (try? req.query.get(String.self, at: "done")) == "waiting", changing: changing))
    }

    @Sendable func saveOrganisation(_ req: Request) async throws -> Response {
        let form = try req.content.decode(OrganisationForm.self)
        let profile = try OrganisationProfile.validated(
            name: form.name, kind: form.kind, areas: form.areas, isEducationSetting: form.isEducationSetting == "on",
            regulator: form.regulator,
            hasStatutoryContract: form.hasStatutoryContract == "on", settingsProfile: form.settingsProfile,
            secondFactorRequiredForEveryone: form.secondFactorRequiredForEveryone == "on")
        try await ManageOrganisation(req.haven).save(profile, by: try req.actor)
        return req.redirect(to: "/admin/organisation")
    }

    @Sendable func saveRouting(_ req: Request) async throws -> Response {
        let form = try req.content.decode(RoutingForm.self)
        let approval = try await ManageOrganisation(req.haven).saveRouting(
            choice: form.routingChain, sharedInbox: form.sharedInbox, by: try req.actor)
        return req.redirect(to: approval == nil ? "/admin/organisation" : "/admin/organisation?done=waiting")
    }

    @Sendable func saveSite(_ req: Request) async throws -> Response {
        let form = try req.content.decode(SiteForm.self)
        let (_, approval) = try await ManageOrganisation(req.haven).saveSite(
            name: form.name, designatedLead: form.designatedLead, id: cleaned(form.id), by: try req.actor)
        return req.redirect(to: approval == nil ? "/admin/organisation#sites" : "/admin/organisation?done=waiting")
    }

    /// Issue 12.7: a site the organisation no longer runs, once the administrator confirms it.
    @Sendable func closeSite(_ req: Request) async throws -> Response {
        let form = try req.content.decode(CloseSiteForm.self)
        guard form.confirm == "on" else { throw InvalidInput(field: "confirm", "organisation.site.confirmClosing") }
        try await ManageOrganisation(req.haven).closeSite(form.site, by: try req.actor)
        return req.redirect(to: "/admin/organisation#sites")
    }

    /// R1.7: every default of the settings profile can be changed.
    @Sendable func saveSettings(_ req: Request) async throws -> Response {
        let form = try req.content.decode(SettingsForm.self)
        let organisation = ManageOrganisation(req.haven)
        let (profile, current, _) = try await organisation.current(by: try req.actor)
        let base = current ?? .defaults(for: profile?.settingsProfile ?? .voluntary)
        let changed = try base.changed(
            triageTargetWorkingDays: form.triageTargetWorkingDays, trainingRefreshYears: form.trainingRefreshYears,
            concernRetentionYears: form.concernRetentionYears, childAgeLimit: form.childAgeLimit,
            categories: form.categories ?? [])
        try await organisation.saveSettings(changed, by: try req.actor)
        return req.redirect(to: "/admin/organisation")
    }

    @Sendable func contacts(_ req: Request) async throws -> Response {
        let contacts = try await LocalContacts(req.haven).list()
        let area = try? req.query.get(String.self, at: "area")
        let kind = try? req.query.get(String.self, at: "kind")
        let changing = contacts.first { $0.area == area && $0.kind.rawValue == kind }
        return try await req.page(
            "admin-contacts",
            ContactsPage(
                contacts: contacts.map { ContactLine($0, req) },
                kinds: LocalContactKind.allCases.map {
                    Choice(value: $0.rawValue, title: req.text($0.title), selected: $0 == changing?.kind)
                },
                changing: changing.map { ContactLine($0, req) }))
    }

    /// Issue 12.7: a contact taken off the directory.
    @Sendable func removeContact(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ContactForm.self)
        try await LocalContacts(req.haven).remove(area: form.area, kind: form.kind, by: try req.actor)
        return req.redirect(to: "/admin/contacts")
    }

    @Sendable func saveContact(_ req: Request) async throws -> Response {
        let form = try req.content.decode(ContactForm.self)
        let contact = try LocalContact.validated(
            area: form.area, kind: form.kind, name: form.name, phone: form.phone, email: form.email)
        try await LocalContacts(req.haven).save(contact, by: try req.actor)
        return req.redirect(to: "/admin/contacts")
    }
}
