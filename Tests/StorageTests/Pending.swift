import Dispatch
import Synchronization
import Testing
import Storage

/// Catches one completion from `DatabaseWorker` (called on the worker
/// thread) and lets the test thread wait for it, with a timeout so a lost
/// completion fails the test instead of hanging it.
final class Pending<T: Sendable>: Sendable {
    private let result = Mutex<Result<T, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    var complete: @Sendable (Result<T, any Error>) -> Void {
        { [self] value in
            result.withLock { $0 = value }
            done.signal()
        }
    }

    func wait(sourceLocation: SourceLocation = #_sourceLocation) -> Result<T, any Error> {
        guard done.wait(timeout: .now() + 30) == .success else {
            Issue.record("completion was never called", sourceLocation: sourceLocation)
            return .failure(TimedOut())
        }
        return result.withLock { $0! }
    }

    struct TimedOut: Error {}
}

/// Holds the worker thread inside a job until the test has queued more work,
/// which makes batch composition deterministic.
struct WorkerGate: Sendable {
    private let running = DispatchSemaphore(value: 0)
    private let release = DispatchSemaphore(value: 0)

    /// Queues a job that blocks the worker; returns once it is running.
    func close(_ worker: DatabaseWorker) {
        worker.write({ _ in
            running.signal()
            release.wait()
        }, completion: { _ in })
        running.wait()
    }

    func open() { release.signal() }
}
