/// Every module's matrix fixtures, one line each. A new module adds its line here.
public enum MatrixModules {
    public static let all: [any MatrixFixtures] = [
        AccessMatrix(),
        OrganisationMatrix(),
        ConcernsMatrix(),
        CasesMatrix(),
        AuditTrailMatrix(),
        OperationsMatrix(),
    ]
}
