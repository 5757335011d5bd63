/// R7.1: what the audit log records about concerns as recorded.
extension AuditAction {
    public static let concernRecorded = AuditAction("concern.recorded", logged: true)
    public static let concernRead = AuditAction("concern.read", logged: true)
    public static let receiptRead = AuditAction("receipt.read", logged: true)
    public static let addendumAdded = AuditAction("addendum.added", logged: true)
    public static let alertsRead = AuditAction("alerts.read")
    /// R7.1: what a child shared in confidence, added and read (each reading with its reason).
    public static let restrictedAdded = AuditAction("restricted.added", logged: true)
    public static let restrictedRead = AuditAction("restricted.read", logged: true)
}

/// R7.1: the records the audit log names about concerns as recorded.
extension AuditSubjectType {
    public static let concern = AuditSubjectType("concern")
}
