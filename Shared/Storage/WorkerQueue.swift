import Dispatch
import Synchronization

/// The hand-off between submitting threads (event loops) and the one worker
/// thread: a locked FIFO plus a semaphore to wake the worker.
///
/// Submitting never blocks beyond a short lock, so an event loop can call it.
/// The worker is signalled only when it is actually asleep, so a burst of a
/// thousand submissions costs one wake-up, not a thousand.
final class WorkerQueue: Sendable {
    private struct State {
        var jobs: [WorkerJob] = []
        var workerIsWaiting = false
        var isClosed = false
    }

    private let state = Mutex(State())
    private let wakeup = DispatchSemaphore(value: 0)

    /// Appends a job; false when the queue is closed (the worker is shutting down).
    func enqueue(_ job: WorkerJob) -> Bool {
        let (accepted, wake) = state.withLock { state -> (Bool, Bool) in
            guard !state.isClosed else { return (false, false) }
            state.jobs.append(job)
            defer { state.workerIsWaiting = false }
            return (true, state.workerIsWaiting)
        }
        if wake { wakeup.signal() }
        return accepted
    }

    /// Worker side: blocks until there is work and takes all of it, in
    /// submission order. Returns nil once the queue is closed *and* empty, so
    /// jobs queued before `close()` still run.
    func takeAll() -> [WorkerJob]? {
        while true {
            let taken = state.withLock { state -> [WorkerJob]?? in
                if !state.jobs.isEmpty {
                    var jobs: [WorkerJob] = []
                    swap(&jobs, &state.jobs)
                    return .some(jobs)
                }
                if state.isClosed { return .some(nil) }
                state.workerIsWaiting = true
                return .none
            }
            if let taken { return taken }
            wakeup.wait()
        }
    }

    /// Refuses new jobs and wakes the worker so it can drain and exit.
    func close() {
        let wake = state.withLock { state -> Bool in
            state.isClosed = true
            defer { state.workerIsWaiting = false }
            return state.workerIsWaiting
        }
        if wake { wakeup.signal() }
    }
}
