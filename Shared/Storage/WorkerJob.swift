/// One queued unit of work, with its result type erased so reads and writes
/// of any `T` share one queue.
///
/// Running and delivering are split on purpose: a write's result may only be
/// handed to its completion after the batch's COMMIT succeeded, and must be
/// replaced by the COMMIT error if it did not.
struct WorkerJob: Sendable {
    enum Kind: Sendable {
        case read
        case write
    }

    let kind: Kind
    /// Runs the job's body on the worker thread. Never throws: a thrown error
    /// becomes the outcome, so no job can take the worker down with it.
    let perform: @Sendable (SQLiteConnection) -> JobOutcome
    /// Completes the job with an error without running it (or discarding the
    /// result of a run whose transaction did not commit).
    let fail: @Sendable (any Error) -> Void

    init<T: Sendable>(
        _ kind: Kind,
        _ body: @escaping @Sendable (SQLiteConnection) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        self.kind = kind
        self.perform = { connection in
            let result = Result { try body(connection) }
            let error: (any Error)? = if case .failure(let error) = result { error } else { nil }
            return JobOutcome(error: error, deliver: { completion(result) })
        }
        self.fail = { completion(.failure($0)) }
    }
}

/// What a job produced, held back until it is safe to report.
struct JobOutcome {
    let error: (any Error)?
    let deliver: () -> Void
}
