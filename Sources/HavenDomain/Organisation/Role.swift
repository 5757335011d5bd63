/// R1.2: the roles a person can hold. One person may hold several at once.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case reporter
    case lineManager = "line_manager"
    case activityLead = "activity_lead"
    case dsl
    case deputyDSL = "deputy_dsl"
    case caseManager = "case_manager"
    case hr
    case departmentDirector = "department_director"
    case trustee
    case auditor
    case administrator

    /// What the role is called on screen.
    public var title: Words {
        switch self {
        case .reporter: Words("organisation.role.reporter")
        case .lineManager: Words("organisation.role.lineManager")
        case .activityLead: Words("organisation.role.activityLead")
        case .dsl: Words("organisation.role.dsl")
        case .deputyDSL: Words("organisation.role.deputyDSL")
        case .caseManager: Words("organisation.role.caseManager")
        case .hr: Words("organisation.role.hr")
        case .departmentDirector: Words("organisation.role.departmentDirector")
        case .trustee: Words("organisation.role.trustee")
        case .auditor: Words("organisation.role.auditor")
        case .administrator: Words("organisation.role.administrator")
        }
    }

    /// R1.2, R7.1: the roles that give need-to-know for case content. They are granted only when
    /// a DSL other than the person asking approves (or from the server's command line).
    public var givesNeedToKnow: Bool {
        switch self {
        case .dsl, .deputyDSL, .caseManager, .hr: true
        default: false
        }
    }

    /// R1.2 (issue 12.7): whether granting the role waits for a DSL: it gives need-to-know, or
    /// ranks its holder for the senior manager's link, who is sent concerns when no safeguarding
    /// lead can take them.
    public var needsApprovalToGrant: Bool { givesNeedToKnow || RoutingLink.ranksBySeniority([self]) }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
