import HavenDomain

/// Everything a use case may touch inside one database transaction.
public protocol Transaction: Sendable {
    var people: any PersonStore { get }
    var concerns: any ConcernStore { get }
    var cases: any CaseStore { get }
    var organisation: any OrganisationStore { get }
    var sessions: any SessionStore { get }
    var alerts: any AlertStore { get }
    var auditLog: any AuditLogReader { get }
    var auditStatus: any AuditStatusStore { get }
    var approvals: any ApprovalStore { get }
    var notices: any NoticeStore { get }
    var accountTokens: any AccountTokenStore { get }
    var keptForms: any KeptFormStore { get }
    /// R7.1: appends an audit event in this same transaction, so the event and the change it
    /// records commit together or not at all.
    func audit(_ entry: AuditEntry) async throws
}

/// N1: the one write path. A unit of work runs in a transaction through a single serialised
/// writer and returns only after its commit is durable.
public protocol UnitOfWork: Sendable {
    func write<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T
    /// A unit of work that only adds rows and audit events and reads nothing from the database
    /// inside its transaction. Its body runs once, before it reaches the writer, beside other requests,
    /// and the writer only chains its audit events and stores its rows, so it holds up nobody
    /// else's commit. A database read inside it fails. It too returns only after a durable commit.
    func append<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T
    /// A read outside the writer, for data that is not case content (sessions, people, settings).
    /// Auditing is refused here: case content is only ever read through `write`.
    func read<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T
}
