import Foundation
import HavenDomain

/// R1.6: a form sent after its session had ended, kept sealed for its author.
public struct SealedForm: Equatable, Sendable {
    public let id: UUID
    public let person: PersonID
    /// Where it was being sent (a path of one of Haven's own forms).
    public let path: String
    public let sealed: [UInt8]
    public let createdAt: Date
    public let expiresAt: Date

    public init(id: UUID, person: PersonID, path: String, sealed: [UInt8], createdAt: Date, expiresAt: Date) {
        self.id = id
        self.person = person
        self.path = path
        self.sealed = sealed
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What may be read of kept forms: the only part a read unit is given.
public protocol KeptFormReads: Sendable {
    /// The person's kept forms that have not expired, newest first.
    func forms(of person: PersonID, at: Date) async throws -> [SealedForm]
    func count(of person: PersonID, at: Date) async throws -> Int
    /// Whose form this is, if it is still kept.
    func owner(of id: UUID) async throws -> PersonID?
}

public protocol KeptFormStore: KeptFormReads {
    func insert(_ form: SealedForm) async throws
    func delete(_ id: UUID, of person: PersonID) async throws
}

/// R1.6: seals what someone typed so that only Haven, for that person, can open it again
/// (AES-GCM under a key outside the database, bound to the person).
public protocol FormSealer: Sendable {
    func seal(_ plaintext: [UInt8], for person: PersonID) throws -> [UInt8]
    func open(_ sealed: [UInt8], for person: PersonID) throws -> [UInt8]
}

/// The keptForms store, as read, append and write units each see it.
public enum KeptFormStoreKey: StoreKey {
    public typealias Reads = any KeptFormReads
    public typealias Store = any KeptFormStore
}

extension Reading {
    public var keptForms: any KeptFormReads { self[KeptFormStoreKey.self] }
}

extension Transaction {
    public var keptForms: any KeptFormStore { self[KeptFormStoreKey.self] }
}
