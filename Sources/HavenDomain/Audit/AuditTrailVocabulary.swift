/// The audit trail's own words.
public struct AuditTrailVocabulary: Vocabulary {
    public init() {}
    public let module = "Audit trail"  // words: not shown (a module name, for developers)
    public let subjectTypes: [AuditSubjectType] = [.auditTrail]
    public let auditActions: [AuditAction] = [
        .auditVerified, .auditCheckpointSigned, .dataKeyRotated, .dataKeysRetired, .auditAnchorStarted,
    ]
}
