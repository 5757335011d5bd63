import HavenDomain

/// What a read unit is given: the read half of every store. Nothing here can change a row, so a
/// write inside a read unit does not compile. Each store is found by its key (`ConcernStoreKey`),
/// declared beside the store's protocol with a property for it (`tx.concerns`), so a module
/// brings its stores without editing this file.
public protocol Reading: Sendable {
    subscript<Key: StoreKey>(_ key: Key.Type) -> Key.Reads { get }
}

/// What an append unit is given: new rows and audit events, and no way to read.
public protocol Appending: Sendable {
    subscript<Key: AppendableStoreKey>(_ key: Key.Type) -> Key.Appends { get }
    /// R7.1: the event is chained by the writer, in the same commit as the rows.
    func audit(_ entry: AuditEntry) async throws
}

/// What a write unit is given: every store, inside one transaction of the single writer.
public protocol Transaction: Sendable {
    subscript<Key: StoreKey>(_ key: Key.Type) -> Key.Store { get }
    /// R7.1: appends an audit event in this same transaction, so the event and the change it
    /// records commit together or not at all.
    func audit(_ entry: AuditEntry) async throws
}

/// N1: the one write path, and the reads beside it. There are three kinds of unit:
///
/// - `read`: runs on the pool, beside everything else; it is given only the read half of the stores.
/// - `append`: only adds rows and audit events. Its body runs once, before it reaches the writer,
///   and the writer only chains its events and stores its rows, so it holds up nobody's commit.
/// - `write`: reads and changes rows inside the single writer's transaction. Keep it short: who
///   may do it and whether the input is valid are decided before it is queued.
///
/// `append` and `write` return only after their commit is durable. A unit that calls the writer
/// again from inside itself fails at once (`PersistenceError.reentrantWrite`) rather than waiting
/// for itself for ever.
public protocol UnitOfWork: Sendable {
    func write<T: Sendable>(_ body: @escaping @Sendable (any Transaction) async throws -> T) async throws -> T
    func append<T: Sendable>(_ body: @escaping @Sendable (any Appending) async throws -> T) async throws -> T
    func read<T: Sendable>(_ body: @escaping @Sendable (any Reading) async throws -> T) async throws -> T
}

extension AuditEntry {
    /// R7.1: the same attempt, recorded as refused, with what was tried and why in the reason;
    /// nil where nothing was refused yet (the person is asked to sign in or for their code).
    func refused(_ refusal: AccessError) -> AuditEntry? {
        let why: String
        switch refusal {
        case .forbidden: why = AuditReason.forbidden
        case .notFound: why = AuditReason.notFound
        case .notSignedIn, .secondFactorRequired: return nil
        }
        return AuditEntry(
            actor: actor, action: .accessRefused, subjectType: subjectType, subjectID: subjectID,
            reason: "\(action.rawValue): \(why)")
    }
}
