import Vapor

/// The home page, who to call, the organisation's profile, people and contacts, and approvals.
struct OrganisationWeb: WebModule {
    let name = "Organisation"

    func routes(_ routes: any RoutesBuilder) {
        HomeController().register(routes)
        AdminController().register(routes)
        AdminPeopleController().register(routes)
        ApprovalsController().register(routes)
    }

    let navigation = [
        NavigationEntry(title: "Organisation", href: "/admin/organisation", place: 30, permission: .manageOrganisation),
        NavigationEntry(title: "People", href: "/admin/people", place: 31, permission: .managePeople),
        NavigationEntry(title: "Contacts", href: "/admin/contacts", place: 32, permission: .manageContacts),
        NavigationEntry(title: "Approvals", href: "/approvals", place: 40, permission: .viewApprovals),
        NavigationEntry(title: "Who to call", href: "/contacts", place: 90, permission: .viewContacts),
    ]
}
