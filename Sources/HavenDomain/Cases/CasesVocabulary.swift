/// The cases module's words: triage, actions, delegation and children's files.
public struct CasesVocabulary: Vocabulary {
    public init() {}
    public let module = "Cases"  // words: not shown (a module name, for developers)
    public let subjectTypes: [AuditSubjectType] = [.child, .children, .action, .inbox]
    public let auditActions: [AuditAction] = [
        .triageDecided, .actionSet, .actionCompleted, .actionReassigned, .caseDelegated, .childFileOpened,
        .childAccessLogRead, .householdLinked, .inboxRead, .childrenListed, .handoverRead, .childFilesMerged,
        .childFilesSeparated, .sameChildShown, .dashboardRead, .ownActionsRead,
        .allegationStarted, .referralCopyAdded, .referralCopyRead,
    ]
    public let chronologyKinds: [ChronologyKind] = [.delegated, .triageDecision, .actionSet, .actionCompleted]
}
