/// Runs one read job on a consistent, read-only view of the database.
///
/// The job runs in a deferred transaction, so all of its queries see the same
/// snapshot even if it runs several (WAL keeps that snapshot without blocking
/// writers). `query_only` makes any write attempt fail: a write sneaking in
/// through `read` would bypass group commit and its ordering.
enum ReadSnapshot {
    /// Returns the delivery of the job's result (see `GroupCommit.Report`).
    static func run(_ job: WorkerJob, on connection: SQLiteConnection) -> () -> Void {
        let outcome: JobOutcome
        do {
            try connection.run("PRAGMA query_only = 1")
            defer { _ = try? connection.run("PRAGMA query_only = 0") }
            try connection.run("BEGIN")
            outcome = job.perform(connection)
            // Nothing was written, so ROLLBACK ends the snapshot as well as
            // COMMIT would, and it cannot fail on disk I/O.
            connection.rollbackIfActive()
        } catch {
            connection.rollbackIfActive()
            return { job.fail(error) }
        }
        return outcome.deliver
    }
}
