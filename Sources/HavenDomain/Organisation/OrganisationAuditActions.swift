/// R1.2, R7.1: what the audit log records about running the organisation.
extension AuditAction {
    public static let organisationUpdated = AuditAction("organisation.updated")
    public static let contactSaved = AuditAction("contact.saved")
    /// Issue 12.7: a local contact taken off the directory.
    public static let contactRemoved = AuditAction("contact.removed")
    /// Issue 12.7: a site the organisation no longer runs.
    public static let siteClosed = AuditAction("site.closed")
    /// Issue 12.7: a person's kind of work (staff, volunteer…) changed.
    public static let personDetailsChanged = AuditAction("person.details_changed")
    public static let demoCreated = AuditAction("demo.created")
    public static let personCreated = AuditAction("person.created")
    public static let rolesChanged = AuditAction("person.roles_changed")
    public static let personDeactivated = AuditAction("person.deactivated")
    public static let availabilityChanged = AuditAction("person.availability_changed")
    public static let approvalRequested = AuditAction("approval.requested")
    public static let approvalGranted = AuditAction("approval.granted")
    public static let approvalRefused = AuditAction("approval.refused")
    /// Issue 12.7: replaced by a newer request for the same thing.
    public static let approvalWithdrawn = AuditAction("approval.withdrawn")
}

/// R7.1: the records the audit log names about running the organisation.
extension AuditSubjectType {
    public static let organisation = AuditSubjectType("organisation")
    public static let site = AuditSubjectType("site")
    public static let contact = AuditSubjectType("contact")
    public static let approval = AuditSubjectType("approval")
}
