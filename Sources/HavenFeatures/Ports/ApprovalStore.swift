import Foundation
import HavenDomain

/// What may be read of approvals: the only part a read unit is given.
public protocol ApprovalReads: Sendable {
    func find(_ id: ApprovalID) async throws -> SafeguardingApproval?
    /// Every change still waiting, oldest first.
    func pending() async throws -> [SafeguardingApproval]
    /// Decided changes, newest first.
    func decided(limit: Int) async throws -> [SafeguardingApproval]
}

/// R1.2: protected changes waiting for a DSL, and what became of them.
public protocol ApprovalStore: ApprovalReads {
    func insert(_ approval: SafeguardingApproval) async throws
    func decide(_ id: ApprovalID, status: SafeguardingApproval.Status, by: PersonID, at: Date) async throws
}

/// R1.2: a short note in the app for one person (a change waiting for approval, a change made).
/// Staff names and what changed only: never anything about a child.
public struct Notice: Equatable, Sendable {
    public let id: UUID
    public let recipient: PersonID
    public let message: String
    /// A page in Haven where the person can act on it.
    public let link: String?
    public let createdAt: Date

    public init(id: UUID, recipient: PersonID, message: String, link: String?, createdAt: Date) {
        self.id = id
        self.recipient = recipient
        self.message = message
        self.link = link
        self.createdAt = createdAt
    }
}

/// What may be read of notices: the only part a read unit is given.
public protocol NoticeReads: Sendable {
    func notices(for person: PersonID, limit: Int) async throws -> [Notice]
}

public protocol NoticeStore: NoticeReads {
    func insert(_ notice: Notice) async throws
}

/// The approvals store, as read, append and write units each see it.
public enum ApprovalStoreKey: StoreKey {
    public typealias Reads = any ApprovalReads
    public typealias Store = any ApprovalStore
}

extension Reading {
    public var approvals: any ApprovalReads { self[ApprovalStoreKey.self] }
}

extension Transaction {
    public var approvals: any ApprovalStore { self[ApprovalStoreKey.self] }
}

/// The notices store, as read, append and write units each see it.
public enum NoticeStoreKey: StoreKey {
    public typealias Reads = any NoticeReads
    public typealias Store = any NoticeStore
}

extension Reading {
    public var notices: any NoticeReads { self[NoticeStoreKey.self] }
}

extension Transaction {
    public var notices: any NoticeStore { self[NoticeStoreKey.self] }
}
