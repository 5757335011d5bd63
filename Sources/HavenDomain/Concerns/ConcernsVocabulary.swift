/// The concerns module's words: recording a concern, its receipt and addenda.
public struct ConcernsVocabulary: Vocabulary {
    public init() {}
    public let module = "Concerns"  // words: not shown (a module name, for developers)
    public let subjectTypes: [AuditSubjectType] = [.concern]
    public let auditActions: [AuditAction] = [
        .concernRecorded, .concernRead, .receiptRead, .addendumAdded, .alertsRead, .restrictedAdded, .restrictedRead,
    ]
    public let chronologyKinds: [ChronologyKind] = [.concernRecorded, .addendum, .restrictedAdded]
}
