import Dispatch
import Foundation
import Synchronization

/// The worker thread: owns the connection for its whole life and runs queued
/// jobs in submission order.
///
/// The connection is opened *on* this thread and closed on it, so it never
/// crosses threads and needs no `Sendable` escape hatch. Order is FIFO: a read
/// submitted after a write sees that write. A run of consecutive writes (up to
/// `maxBatchSize`) is committed as one group; a read between writes ends the
/// group.
final class WorkerLoop: Sendable {
    let queue = WorkerQueue()
    let statistics = Mutex(DatabaseWorkerStatistics())
    private let maxBatchSize: Int
    private let threadID = Mutex<pthread_t?>(nil)
    private let startup = Mutex<Result<Void, any Error>?>(nil)
    private let started = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    init(maxBatchSize: Int) {
        precondition(maxBatchSize > 0, "maxBatchSize must be positive")
        self.maxBatchSize = maxBatchSize
    }

    /// Starts the thread, then waits until it has opened and migrated the
    /// database, so a bad path or a failed migration fails start-up loudly.
    func start(path: String, migrations: [String]) throws {
        let thread = Thread { [self] in
            run(path: path, migrations: migrations)
        }
        thread.name = "sqlite-worker"
        thread.start()
        started.wait()
        if case .failure(let error) = startup.withLock({ $0 }) {
            join()
            throw error
        }
    }

    var isOnWorkerThread: Bool {
        threadID.withLock { id in id.map { pthread_equal($0, pthread_self()) != 0 } ?? false }
    }

    /// Blocks until the thread has finished its last job and closed the file.
    /// Safe to call more than once and from several threads.
    func join() {
        exited.wait()
        exited.signal()  // let any other joiner through too
    }

    private func run(path: String, migrations: [String]) {
        defer { exited.signal() }
        threadID.withLock { $0 = pthread_self() }
        let connection: SQLiteConnection
        do {
            connection = try SQLiteConnection(path: path)
            try Migrations.migrate(connection, migrations)
        } catch {
            startup.withLock { $0 = .failure(error) }
            started.signal()
            return
        }
        startup.withLock { $0 = .success(()) }
        started.signal()

        while let jobs = queue.takeAll() {
            runInOrder(jobs, on: connection)
        }
        connection.close()
    }

    private func runInOrder(_ jobs: [WorkerJob], on connection: SQLiteConnection) {
        var start = jobs.startIndex
        while start < jobs.endIndex {
            guard jobs[start].kind == .write else {
                let end = jobs[start...].firstIndex { $0.kind != .read } ?? jobs.endIndex
                let deliver = ReadSnapshot.run(jobs[start..<end], on: connection)
                statistics.withLock { $0.readJobs += end - start }
                deliver()
                start = end
                continue
            }
            let limit = min(jobs.endIndex, start + maxBatchSize)
            let end = jobs[start..<limit].firstIndex { $0.kind != .write } ?? limit
            let report = GroupCommit.run(jobs[start..<end], on: connection)
            record(report, size: end - start)
            report.deliver()
            start = end
        }
    }

    private func record(_ report: GroupCommit.Report, size: Int) {
        statistics.withLock { statistics in
            statistics.batches += 1
            statistics.writeJobs += size
            statistics.failedWriteJobs += report.failedJobs
            if report.committed {
                statistics.commits += 1
                statistics.largestBatch = max(statistics.largestBatch, size)
            }
        }
    }
}
