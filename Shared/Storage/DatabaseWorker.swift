import Dispatch
import Synchronization

/// Runs all SQLite work of a service on one dedicated thread, so the epoll
/// event loop never blocks on disk.
///
/// Usage from an event loop:
///
///     worker.write({ db in try db.run("INSERT INTO votes(id) VALUES (?)", [id]) }) { result in
///         loop.execute { reply(result) }   // completion runs on the worker thread
///     }
///
/// Completions are called ON THE WORKER THREAD; hop back to your own loop and
/// keep the completion short, it delays every job behind it.
///
/// Writes are group-committed (see `GroupCommit`): a `.success` means the data
/// is committed and fsynced. A job that throws gets `.failure` and only its
/// own changes are rolled back. A job that traps (force unwrap, index out of
/// range) still crashes the process — Swift cannot catch that.
///
/// Jobs run in submission order, so a read queued after a write sees it.
///
/// One worker per database file; it is the file's only writer in the process.
public final class DatabaseWorker: Sendable {
    /// Large enough that batching saves almost every fsync under load, small
    /// enough that one bad disk error fails few jobs together and a batch holds
    /// the write lock for milliseconds, not seconds.
    public static let defaultMaxBatchSize = 256

    private let loop: WorkerLoop

    /// Opens the database and applies `migrations` (see `Migrations`) before
    /// returning, so a service fails at start-up, not at its first request.
    /// `maxBatchSize` caps how many write jobs share one commit; 1 turns group
    /// commit off (useful only to measure what it buys).
    public init(path: String, migrations: [String] = [],
                maxBatchSize: Int = DatabaseWorker.defaultMaxBatchSize) throws {
        loop = WorkerLoop(maxBatchSize: maxBatchSize)
        try loop.start(path: path, migrations: migrations)
    }

    /// Shuts down if the owner forgot to; blocks until queued jobs are done.
    deinit { shutdown() }

    /// Queues a read-only job (it cannot write: `query_only` is on). Its
    /// queries all see one consistent snapshot.
    public func read<T: Sendable>(
        _ job: @escaping @Sendable (SQLiteConnection) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        submit(WorkerJob(.read, job, completion: completion))
    }

    /// Queues a write job. It runs inside the batch's transaction and its own
    /// savepoint; it must not issue BEGIN/COMMIT itself (`db.transaction {}`
    /// is fine, it nests as a savepoint).
    public func write<T: Sendable>(
        _ job: @escaping @Sendable (SQLiteConnection) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        submit(WorkerJob(.write, job, completion: completion))
    }

    /// Runs a write job and blocks the calling thread until it has committed.
    /// For start-up code and tests only — never on an event loop, and never on
    /// the worker thread itself (that would wait for itself forever).
    public func sync<T: Sendable>(_ job: @escaping @Sendable (SQLiteConnection) throws -> T) throws -> T {
        precondition(!loop.isOnWorkerThread, "DatabaseWorker.sync called on its own worker thread")
        let box = ResultBox<T>()
        write(job) { result in box.fill(result) }
        return try box.wait().get()
    }

    /// Refuses new jobs, finishes the queued ones, closes the database and
    /// waits for the thread to end. Idempotent. Called from a completion (on
    /// the worker thread) it only starts the shutdown and returns.
    public func shutdown() {
        loop.queue.close()
        if !loop.isOnWorkerThread {
            loop.join()
        }
    }

    /// A snapshot of the group-commit counters.
    public var statistics: DatabaseWorkerStatistics {
        loop.statistics.withLock { $0 }
    }

    private func submit(_ job: WorkerJob) {
        if !loop.queue.enqueue(job) {
            // No worker thread any more: report on the caller's thread.
            job.fail(DatabaseWorkerError.shutDown)
        }
    }
}

/// A one-shot result slot for `sync`: filled on the worker, awaited by the caller.
private final class ResultBox<T: Sendable>: Sendable {
    private let result = Mutex<Result<T, any Error>?>(nil)
    private let filled = DispatchSemaphore(value: 0)

    func fill(_ value: Result<T, any Error>) {
        result.withLock { $0 = value }
        filled.signal()
    }

    func wait() -> Result<T, any Error> {
        filled.wait()
        return result.withLock { $0! }
    }
}
