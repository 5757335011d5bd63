/// R1.2, R7.1: running the organisation: its profile, people, contacts and the changes that
/// wait for a DSL's approval. Administrators hold none of the case content.
extension Permission {
    /// Who to call: everyone signed in.
    public static let viewContacts = Permission("organisation.view_contacts") { _ in .allowed }

    /// Saying when one is away (the people concerns and actions may be routed to).
    public static let setOwnAvailability = Permission("person.set_availability") { actor in
        actor.isSafeguardingLead || actor.holdsAny([.lineManager, .caseManager, .departmentDirector])
            ? .allowed : .denied
    }

    public static let manageOrganisation = administratorsOnly("organisation.manage")
    public static let managePeople = administratorsOnly("organisation.manage_people")
    public static let manageContacts = administratorsOnly("organisation.manage_contacts")

    /// R1.2: the changes waiting for a DSL's approval (DSLs and deputies, and the administrators who ask for them).
    public static let viewApprovals = Permission("approval.view") { actor in
        actor.isSafeguardingLead || actor.roles.contains(.administrator) ? actor.withSecondFactor : .denied
    }

    /// R1.2: approving or refusing one (a DSL; `ApprovalRule` says which).
    public static let decideApproval = Permission("approval.decide") { actor in
        actor.roles.contains(.dsl) ? actor.withSecondFactor : .denied
    }

    static func administratorsOnly(_ name: String) -> Permission {
        Permission(name) { actor in actor.roles.contains(.administrator) ? actor.withSecondFactor : .denied }
    }
}
