/// R1.3, R3.1, R7.1: handling concerns once recorded: deciding, acting, delegating, and reading
/// a child's file. All of it is case content: the safeguarding leads, with the second factor.
extension Permission {
    /// Deciding about, and setting actions on, one concern; `delegatedTo` is the person the DSL
    /// handed it to, if any.
    public static func handleConcern(delegatedTo delegate: PersonID? = nil) -> Permission {
        Permission("case.handle") { actor in
            actor.isSafeguardingLead || delegate == actor.person ? actor.withSecondFactor : .denied
        }
    }

    /// R1.3: handing a concern to a line manager.
    public static let delegateCase = leadsOnly("case.delegate")
    public static let manageCase = leadsOnly("case.manage")
    public static let viewInbox = leadsOnly("case.view_inbox")
    public static let viewChildFile = leadsOnly("child.view_file")
    /// R7.7: who has opened a child's file.
    public static let viewAccessLog = leadsOnly("child.view_access_log")

    static func leadsOnly(_ name: String) -> Permission {
        Permission(name) { actor in actor.isSafeguardingLead ? actor.withSecondFactor : .denied }
    }
}
