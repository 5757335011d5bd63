/// R7.1, R7.7: what the audit log records about handling concerns and opening children's files.
extension AuditAction {
    public static let triageDecided = AuditAction("triage.decided", logged: "recorded a decision")
    public static let actionSet = AuditAction("action.set", logged: "set an action")
    public static let actionCompleted = AuditAction("action.completed", logged: "completed an action")
    public static let actionReassigned = AuditAction("action.reassigned", logged: "reassigned an action")
    public static let caseDelegated = AuditAction("concern.delegated", logged: "delegated handling")
    public static let childFileOpened = AuditAction("child.file_opened", logged: "opened the child's file")
    public static let childAccessLogRead = AuditAction("child.access_log_read", logged: "viewed this access log")
    public static let householdLinked = AuditAction("child.household_linked", logged: "linked a household member")
    public static let inboxRead = AuditAction("inbox.read")
    public static let handoverRead = AuditAction("handover.read")
}

/// R7.1: the records the audit log names about handling.
extension AuditSubjectType {
    public static let child = AuditSubjectType("child")
    /// The children list as a whole.
    public static let children = AuditSubjectType("children")
    public static let action = AuditSubjectType("action")
}
