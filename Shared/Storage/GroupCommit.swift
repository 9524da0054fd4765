/// Runs a batch of write jobs in ONE transaction, so they share one WAL fsync.
///
/// With `synchronous=FULL` each COMMIT costs an fsync (milliseconds), while a
/// single-row insert costs microseconds; committing jobs one by one would cap
/// the service at a few hundred writes per second. Jobs that queue up while
/// the previous batch is fsyncing become the next batch, so the batch size
/// grows by itself exactly when load does, and stays 1 when idle (no added
/// latency, nothing waits for a timer).
///
/// Each job runs inside its own SAVEPOINT: a job that throws has only its own
/// changes rolled back and receives its own error, the others still commit.
/// Results are delivered only after COMMIT returns, so a success always means
/// "durable"; if BEGIN or COMMIT fails, every job in the batch gets that error.
enum GroupCommit {
    /// What happened to a batch. Completions are not called by `run`; the
    /// caller calls `deliver` after updating its statistics, so a completion
    /// never observes counters that do not yet include its own job.
    struct Report {
        let committed: Bool
        let failedJobs: Int
        let deliver: () -> Void
    }

    /// A savepoint name no application code should pick by accident.
    private static let savepoint = "\"gamenight_batch_job\""

    static func run(_ jobs: ArraySlice<WorkerJob>, on connection: SQLiteConnection) -> Report {
        do {
            try connection.run("BEGIN IMMEDIATE")
            let outcomes = try jobs.map { try runInSavepoint($0, on: connection) }
            try connection.run("COMMIT")
            return Report(committed: true, failedJobs: outcomes.count { $0.error != nil }) {
                outcomes.forEach { $0.deliver() }
            }
        } catch {
            connection.rollbackIfActive()
            return Report(committed: false, failedJobs: jobs.count) {
                jobs.forEach { $0.fail(error) }
            }
        }
    }

    /// Runs one job between SAVEPOINT and RELEASE. Throws only when the batch
    /// transaction itself is lost; a job's own error is returned in its outcome.
    private static func runInSavepoint(_ job: WorkerJob, on connection: SQLiteConnection) throws -> JobOutcome {
        try connection.run("SAVEPOINT \(savepoint)")
        let outcome = job.perform(connection)
        if let error = outcome.error {
            // SQLITE_FULL, I/O errors and the like roll back the whole
            // transaction, taking the earlier jobs' work with it.
            guard connection.isInTransaction else { throw error }
            try connection.run("ROLLBACK TO \(savepoint)")
        }
        // Fails too if a job ended the transaction itself (it must not
        // BEGIN/COMMIT; `transaction {}` inside a job nests as a savepoint).
        try connection.run("RELEASE \(savepoint)")
        return outcome
    }
}
