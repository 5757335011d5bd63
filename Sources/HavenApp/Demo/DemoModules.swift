/// Every module's part of the demo organisation, one line each, in the order they run.
enum DemoModules {
    static let all: [any DemoModule] = [
        OrganisationDemo(),
        ConcernsDemo(),
        CasesDemo(),
    ]
}
