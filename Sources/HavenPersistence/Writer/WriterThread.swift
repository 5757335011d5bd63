import Foundation

/// N1: a thread of its own for the SQLite writer. Its batches run here from start to commit
/// (`SQLiteWriterConnection` answers on the calling thread), so the writer — which every
/// request that records something waits on — never queues behind request work on the event
/// loops between one statement and the next; the operating system shares the cores between
/// it and them. Used as the writer task's executor preference, so everything the batch awaits
/// that is not tied to another executor runs here too.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    /// One per process: every SQLite writer (one per database; tests make several) shares it.
    static let shared = WriterThread(name: "haven-writer")

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    private init(name: String) {
        Thread { [unowned self] in
            Thread.current.name = name
            self.run()
        }.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var ready: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            swap(&ready, &jobs)
            condition.unlock()
            for job in ready { job.runSynchronously(on: asUnownedTaskExecutor()) }
            ready.removeAll(keepingCapacity: true)
        }
    }
}
