import Foundation

/// Issue 13.6: who is doing a piece of background work that must be done once however many
/// servers share the database (the daily audit check and checkpoint; later the statutory clocks
/// and retention), and until when.
public struct BackgroundTurn: Equatable, Sendable {
    public let holder: String
    public let until: Date

    public init(holder: String, until: Date) {
        self.holder = holder
        self.until = until
    }
}

public protocol BackgroundTurnReads: Sendable {
    func turn(_ job: String) async throws -> BackgroundTurn?
}

public protocol BackgroundTurnStore: BackgroundTurnReads {
    /// Takes `job` for `holder` until `until`, if nobody else holds it at `at` (a turn whose
    /// holder died runs out); whether it was taken. The holder may take it again to go on.
    func take(_ job: String, holder: String, at: Date, until: Date) async throws -> Bool
}

public enum BackgroundTurnStoreKey: StoreKey {
    public typealias Reads = any BackgroundTurnReads
    public typealias Store = any BackgroundTurnStore
}

extension Reading {
    public var backgroundTurns: any BackgroundTurnReads { self[BackgroundTurnStoreKey.self] }
}

extension Transaction {
    public var backgroundTurns: any BackgroundTurnStore { self[BackgroundTurnStoreKey.self] }
}
