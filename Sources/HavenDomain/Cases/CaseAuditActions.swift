/// R7.1, R7.7: what the audit log records about handling concerns and opening children's files.
extension AuditAction {
    public static let triageDecided = AuditAction("triage.decided", logged: true)
    public static let actionSet = AuditAction("action.set", logged: true)
    public static let actionCompleted = AuditAction("action.completed", logged: true)
    public static let actionReassigned = AuditAction("action.reassigned", logged: true)
    public static let caseDelegated = AuditAction("concern.delegated", logged: true)
    public static let childFileOpened = AuditAction("child.file_opened", logged: true)
    public static let childAccessLogRead = AuditAction("child.access_log_read", logged: true)
    public static let householdLinked = AuditAction("child.household_linked", logged: true)
    /// Issue 12.8: the inbox was shown, naming its children (each child's access log shows it).
    public static let inboxRead = AuditAction("inbox.read", logged: true)
    /// Issue 12.8: a page of the children list or a search of it was shown.
    public static let childrenListed = AuditAction("children.listed", logged: true)
    public static let handoverRead = AuditAction("handover.read")
    /// Issue 12.2: one child's record was put into another child's file (the same child,
    /// recorded twice), or taken out again.
    public static let childFilesMerged = AuditAction("child.files_merged", logged: true)
    public static let childFilesSeparated = AuditAction("child.files_separated", logged: true)
    /// Issue 12.2: the children Haven proposed, or found by name, as perhaps the child a concern
    /// is about were shown beside it (each child's access log shows it).
    public static let sameChildShown = AuditAction("child.same_child_shown", logged: true)
    /// Issue 12.7: the DSL's dashboard was shown, with the overdue actions on it (the access log
    /// of each child an action is about shows it).
    public static let dashboardRead = AuditAction("dashboard.read", logged: true)
    /// Issue 12.7: a person was shown the actions given to them, on their home page.
    public static let ownActionsRead = AuditAction("actions.own_read", logged: true)
    /// Issue 12.7, R2.6: an allegation record was started from a concern about the child.
    public static let allegationStarted = AuditAction("allegation.started", logged: true)
    /// R3.1: a copy of a referral made outside Haven, kept and opened.
    public static let referralCopyAdded = AuditAction("referral_copy.added", logged: true)
    public static let referralCopyRead = AuditAction("referral_copy.read", logged: true)
}

/// R7.1: the records the audit log names about handling.
extension AuditSubjectType {
    public static let child = AuditSubjectType("child")
    /// The children list as a whole.
    public static let children = AuditSubjectType("children")
    public static let action = AuditSubjectType("action")
    /// The inbox as a whole.
    public static let inbox = AuditSubjectType("inbox")
}
