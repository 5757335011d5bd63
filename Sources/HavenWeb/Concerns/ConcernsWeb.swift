import HavenDomain
import Vapor

/// Recording a concern, its receipt, reading it and adding to it, on the page and in the API.
struct ConcernsWeb: WebModule {
    let name = "Concerns"  // words: not shown (a module name, for developers)

    func routes(_ routes: any RoutesBuilder) {
        ConcernController().register(routes)
        ConcernsAPI().register(routes)
    }

    let navigation = [
        NavigationEntry(
            title: Words("nav.recordAConcern"), href: "/concerns/new", place: 10, permission: .recordConcern,
            style: "nav-record"
        )
    ]
    let openAPIPart: String? = "concerns"
}
