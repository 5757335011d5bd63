import HavenDomain
import Vapor

/// The home page, who to call, the organisation's profile, people and contacts, and approvals.
struct OrganisationWeb: WebModule {
    let name = "Organisation"  // words: not shown (a module name, for developers)

    func routes(_ routes: any RoutesBuilder) {
        HomeController().register(routes)
        AdminController().register(routes)
        AdminPeopleController().register(routes)
        ApprovalsController().register(routes)
    }

    let navigation = [
        NavigationEntry(
            title: Words("nav.organisation"), href: "/admin/organisation", place: 30, permission: .manageOrganisation),
        NavigationEntry(title: Words("nav.people"), href: "/admin/people", place: 31, permission: .managePeople),
        NavigationEntry(title: Words("nav.contacts"), href: "/admin/contacts", place: 32, permission: .manageContacts),
        NavigationEntry(title: Words("nav.approvals"), href: "/approvals", place: 40, permission: .viewApprovals),
        NavigationEntry(title: Words("nav.whoToCall"), href: "/contacts", place: 90, permission: .viewContacts),
    ]
}
