/// R7.1: what the audit log records about itself.
extension AuditAction {
    public static let auditVerified = AuditAction("audit.verified")
    public static let auditCheckpointSigned = AuditAction("audit.checkpoint_signed")
}

/// R7.1: the records the audit log names about the audit trail.
extension AuditSubjectType {
    public static let auditTrail = AuditSubjectType("audit")
}
