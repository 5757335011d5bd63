import HavenDomain
import Vapor

/// Triage, actions, delegation, the inbox, children's files and hand-over, on the page and in the API.
struct CasesWeb: WebModule {
    let name = "Cases"  // words: not shown (a module name, for developers)

    func routes(_ routes: any RoutesBuilder) {
        CaseController().register(routes)
        ChildController().register(routes)
        HandoverController().register(routes)
        CasesAPI().register(routes)
        ChildFileAPI().register(routes)
        ChildrenAPI().register(routes)
    }

    let navigation = [
        NavigationEntry(title: Words("nav.inbox"), href: "/inbox", place: 20, permission: .viewInbox),
        NavigationEntry(title: Words("nav.children"), href: "/children", place: 21, permission: .viewChildFile),
        NavigationEntry(title: Words("nav.handOver"), href: "/handover", place: 22, permission: .manageCase),
    ]
    let openAPIPart: String? = "cases"
}
