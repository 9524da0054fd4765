/// Counters for observing group commit: with load, `writeJobs / commits`
/// grows above 1 — that ratio is the number of fsyncs saved per write.
public struct DatabaseWorkerStatistics: Sendable, Equatable {
    /// Write transactions attempted (one per batch).
    public var batches = 0
    /// Batches whose COMMIT succeeded.
    public var commits = 0
    /// Write jobs run, including ones that failed.
    public var writeJobs = 0
    /// Write jobs whose completion received an error.
    public var failedWriteJobs = 0
    /// Read jobs run.
    public var readJobs = 0
    /// The most write jobs committed together.
    public var largestBatch = 0

    public init() {}
}
