/// Runs consecutive read jobs on one consistent, read-only view of the
/// database.
///
/// The jobs run in one deferred transaction, so every query of every job
/// sees the same snapshot (WAL keeps it without blocking writers), and a
/// burst of reads pays for BEGIN/ROLLBACK once. The snapshot includes every
/// write queued before these reads, since those were committed first.
/// `query_only` makes any write attempt fail: a write sneaking in through
/// `read` would bypass group commit and its ordering.
enum ReadSnapshot {
    /// Returns the delivery of the jobs' results (see `GroupCommit.Report`).
    static func run(_ jobs: ArraySlice<WorkerJob>, on connection: SQLiteConnection) -> () -> Void {
        var outcomes: [JobOutcome] = []
        outcomes.reserveCapacity(jobs.count)
        do {
            try connection.run("PRAGMA query_only = 1")
            defer { _ = try? connection.run("PRAGMA query_only = 0") }
            try connection.run("BEGIN")
            for job in jobs { outcomes.append(job.perform(connection)) }
            // Nothing was written, so ROLLBACK ends the snapshot as well as
            // COMMIT would, and it cannot fail on disk I/O.
            connection.rollbackIfActive()
        } catch {
            connection.rollbackIfActive()
            let failed = Array(jobs)
            return { for job in failed { job.fail(error) } }
        }
        return { for outcome in outcomes { outcome.deliver() } }
    }
}
