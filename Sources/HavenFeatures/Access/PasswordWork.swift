import Dispatch

/// R1.6, N1: checking or hashing a password (bcrypt) takes a quarter of a second of a processor
/// at the production cost. Done on the event loops it would stall every request sharing that
/// loop, recording included; so it runs here instead, one at a time, on a thread of its own, and
/// the request waits for it without holding anything up.
enum PasswordWork {
    private static let queue = DispatchQueue(label: "haven-passwords", qos: .utility)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
