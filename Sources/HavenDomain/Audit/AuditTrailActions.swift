/// R7.1: what the audit log records about itself.
extension AuditAction {
    public static let auditVerified = AuditAction("audit.verified")
    public static let auditCheckpointSigned = AuditAction("audit.checkpoint_signed")
    /// Issue 13.1: case content was sealed again under a new data key (the subject is its id).
    public static let dataKeyRotated = AuditAction("audit.data_key_rotated")
    /// Issue 13.1: the earlier data keys were taken out of the key file.
    public static let dataKeysRetired = AuditAction("audit.data_keys_retired")
    /// R7.1: Haven began a new audit anchor on a chain that already had events (the subject is
    /// how many): the new anchor does not cover them.
    public static let auditAnchorStarted = AuditAction("audit.anchor_started")
}

/// R7.1: the records the audit log names about the audit trail.
extension AuditSubjectType {
    public static let auditTrail = AuditSubjectType("audit")
}
