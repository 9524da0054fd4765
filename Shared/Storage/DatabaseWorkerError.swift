/// Errors raised by `DatabaseWorker` itself (SQLite errors stay `SQLiteError`).
public enum DatabaseWorkerError: Error, Sendable, Equatable {
    /// The job was submitted after `shutdown()`; it did not run.
    case shutDown
}
