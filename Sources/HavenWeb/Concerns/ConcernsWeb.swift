import Vapor

/// Recording a concern, its receipt, reading it and adding to it, on the page and in the API.
struct ConcernsWeb: WebModule {
    let name = "Concerns"

    func routes(_ routes: any RoutesBuilder) {
        ConcernController().register(routes)
        ConcernsAPI().register(routes)
    }

    let navigation = [
        NavigationEntry(
            title: "Record a concern", href: "/concerns/new", place: 10, permission: .recordConcern, style: "nav-record"
        )
    ]
    let openAPIPart: String? = "concerns"
}
