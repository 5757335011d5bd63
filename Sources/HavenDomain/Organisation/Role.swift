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
    public var title: String {
        switch self {
        case .reporter: "Reporter"
        case .lineManager: "Line manager"
        case .activityLead: "Activity lead"
        case .dsl: "Designated Safeguarding Lead"
        case .deputyDSL: "Deputy DSL"
        case .caseManager: "Case manager"
        case .hr: "HR"
        case .departmentDirector: "Department director"
        case .trustee: "Trustee / board member"
        case .auditor: "Auditor"
        case .administrator: "Administrator"
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

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
