/// Every module's pages, API and navigation, one line each. A new module adds its line here.
enum WebModules {
    static let all: [any WebModule] = [
        AccessWeb(),
        ConcernsWeb(),
        CasesWeb(),
        OrganisationWeb(),
        AuditTrailWeb(),
        OperationsWeb(),
    ]
}
