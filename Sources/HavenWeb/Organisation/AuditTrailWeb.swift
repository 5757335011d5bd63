import Vapor

/// The audit trail's status page: whether the chain verifies, and its checkpoints.
struct AuditTrailWeb: WebModule {
    let name = "Audit trail"

    func routes(_ routes: any RoutesBuilder) {
        AuditController().register(routes)
    }

    let navigation = [NavigationEntry(title: "Audit log", href: "/audit", place: 50, permission: .viewAuditStatus)]
}
