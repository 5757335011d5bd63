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

    /// Issue 12.7, R3.3: marking an action done: whoever may handle the concern, and the person
    /// the action was given to (who need not be a lead), with the second factor.
    public static func completeAction(ownedBy owner: PersonID, delegatedTo delegate: PersonID? = nil) -> Permission {
        Permission("action.complete") { actor in
            actor.isSafeguardingLead || delegate == actor.person || owner == actor.person
                ? actor.withSecondFactor : .denied
        }
    }

    /// Issue 12.7: the actions given to oneself, with what they need to do them: anyone may
    /// read their own, with the second factor (an action is case content).
    public static let readOwnActions = Permission("action.read_own") { actor in actor.withSecondFactor }

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
