import Dispatch
import Metrics

/// N1: what the writer reports to /metrics: batches committed, the units in them, how long each
/// batch took from BEGIN to a durable COMMIT, and batches that failed as a whole.
struct WriterMetrics: Sendable {
    let batches = Counter(label: "haven_write_batches_total")
    let units = Counter(label: "haven_write_units_total")
    let failedBatches = Counter(label: "haven_write_batches_failed_total")
    let commit = Metrics.Timer(label: "haven_write_batch_seconds")

    func committed(units count: Int, since start: DispatchTime) {
        batches.increment()
        units.increment(by: count)
        commit.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds))
    }
}
