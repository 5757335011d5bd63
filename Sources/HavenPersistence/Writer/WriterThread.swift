import Dispatch
import Foundation

/// N1: a thread of its own for a SQLite writer. Its batches run here from start to commit
/// (`SQLiteWriterConnection` answers on the calling thread), so the writer — which every
/// request that records something waits on — never queues behind request work on the event
/// loops between one statement and the next; the operating system shares the cores between
/// it and them. Used as the writer task's executor preference, so everything the batch awaits
/// that is not tied to another executor runs here too. The thread ends when the writer closes.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var stopping = false
    private var ended = false

    init(name: String) {
        Thread { [self] in
            Thread.current.name = name
            run()
        }.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if ended {
            condition.unlock()
            // Anything still arriving after the thread ended (the tail of the last batch's
            // task) runs elsewhere rather than never.
            DispatchQueue.global().async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread once the jobs already queued have run.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        var ready: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                ended = true
                condition.unlock()
                return
            }
            swap(&ready, &jobs)
            condition.unlock()
            for job in ready { job.runSynchronously(on: asUnownedTaskExecutor()) }
            ready.removeAll(keepingCapacity: true)
        }
    }
}
