import Vapor

/// Running Haven: /metrics for the people who keep it up.
struct OperationsWeb: WebModule {
    let name = "Operations"

    func routes(_ routes: any RoutesBuilder) {
        MetricsRoute().register(routes)
    }
}
