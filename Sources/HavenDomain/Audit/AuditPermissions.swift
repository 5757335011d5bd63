/// R7.1: the audit trail's health is for those who answer for it.
extension Permission {
    /// Whether the chain verifies, and when it was last signed: auditors, administrators and leads.
    public static let viewAuditStatus = Permission("audit.view_status") { actor in
        actor.isSafeguardingLead || actor.holdsAny([.auditor, .administrator]) ? actor.withSecondFactor : .denied
    }
}
