import Foundation

/// Holds a unit's result between its run and its commit.
final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ value: T) { lock.withLock { self.value = value } }
    func get() -> T? { lock.withLock { value } }
}

/// Which units of a batch failed, and why.
final class OutcomeList: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [(any Error)?]
    init(count: Int) { errors = Array(repeating: nil, count: count) }
    func fail(_ index: Int, _ error: any Error) { lock.withLock { errors[index] = error } }
    func error(_ index: Int) -> (any Error)? { lock.withLock { errors[index] } }
    func reset() { lock.withLock { errors = Array(repeating: nil, count: errors.count) } }
    var failures: Int { lock.withLock { errors.count { $0 != nil } } }
}

/// Whether the current task is running a unit inside the writer: a unit that submits another
/// would wait for its own batch to finish, for ever, so that is refused at once.
enum InsideWriter {
    @TaskLocal static var unit = false
}
