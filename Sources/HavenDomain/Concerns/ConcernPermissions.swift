/// R1.6, R7.1: what may be done with a concern as recorded. Concern content is for the DSL and
/// deputies, the person handling it if it was delegated, and the recorder's own submission.
extension Permission {
    /// Anyone signed in may record a concern, with a password alone (R1.6).
    public static let recordConcern = Permission("concern.record") { _ in .allowed }

    /// The receipt of a concern: its recorder, and the safeguarding leads.
    public static func viewReceipt(recordedBy recorder: PersonID) -> Permission {
        Permission("concern.view_receipt") { actor in
            recorder == actor.person || actor.isSafeguardingLead ? .allowed : .denied
        }
    }

    /// Reading one concern; `delegatedTo` is the line manager handling it, if the DSL delegated it;
    /// `alsoReadBy` anyone else it was sent to who may read it (issue 12.3, R4.2: the case manager
    /// alerted to a concern naming someone who works here).
    public static func readConcern(
        recordedBy recorder: PersonID, delegatedTo delegate: PersonID? = nil, alsoReadBy readers: [PersonID] = []
    ) -> Permission {
        Permission("concern.read") { actor in
            actor.isSafeguardingLead || recorder == actor.person || delegate == actor.person
                || readers.contains(actor.person)
                ? actor.withSecondFactor : .denied
        }
    }

    /// Adding to a concern: its recorder (password alone, to add what they remember), or the
    /// people handling it.
    public static func addAddendum(recordedBy recorder: PersonID, delegatedTo delegate: PersonID? = nil) -> Permission {
        Permission("concern.add_addendum") { actor in
            if recorder == actor.person { return .allowed }
            return actor.isSafeguardingLead || delegate == actor.person ? actor.withSecondFactor : .denied
        }
    }

    /// R7.1: what a child shared in confidence is read and added only by the DSL and deputies,
    /// with the second factor: not by a delegate, an action's owner or the recorder.
    public static let handleRestricted = Permission("concern.restricted") { actor in
        actor.isSafeguardingLead ? actor.withSecondFactor : .denied
    }
}
