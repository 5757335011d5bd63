/// The organisation module's words: its profile, contacts, people and approvals.
public struct OrganisationVocabulary: Vocabulary {
    public init() {}
    public let module = "Organisation"  // words: not shown (a module name, for developers)
    public let subjectTypes: [AuditSubjectType] = [.organisation, .site, .contact, .approval]
    public let auditActions: [AuditAction] = [
        .organisationUpdated, .contactSaved, .contactRemoved, .siteClosed, .personDetailsChanged, .demoCreated,
        .personCreated, .rolesChanged,
        .personDeactivated,
        .availabilityChanged, .approvalRequested, .approvalGranted, .approvalRefused,
        .approvalWithdrawn,
    ]
}
