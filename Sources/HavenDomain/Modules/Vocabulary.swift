/// The words a module adds to what Haven records: its audit actions and the kinds of record
/// they are about, and its kinds of chronology line. (Its permissions are static members of
/// `Permission`, each carrying its own rule, so they need no list.)
public protocol Vocabulary: Sendable {
    /// The module's name, as docs/adding-a-module.md and test failures call it.
    var module: String { get }
    var auditActions: [AuditAction] { get }
    /// The kinds of record its audit events are about.
    var subjectTypes: [AuditSubjectType] { get }
    var chronologyKinds: [ChronologyKind] { get }
}

extension Vocabulary {
    public var chronologyKinds: [ChronologyKind] { [] }
}
