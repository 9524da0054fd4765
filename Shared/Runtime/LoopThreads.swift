import Dispatch
import Foundation
import IO
import Synchronization

/// A process's event loops when it uses more than one: loop 0 is the
/// process's main loop (run by `ServiceProcess.run` on the main thread),
/// loops 1..<count get a thread each.
///
/// It owns the two fiddly parts of running several loops: start-up that
/// binds on every loop yet still fails the process on the first error, and
/// a shutdown that drains every loop in parallel and only then stops the
/// extra threads. Callers keep one object per loop (the gateway's workers)
/// and say what to do on each loop, by index.
public final class LoopThreads: @unchecked Sendable {
    public let loops: [EventLoop]
    public var main: EventLoop { loops[0] }
    /// Signalled by each extra thread when its loop's `run()` returns.
    private let exited = DispatchSemaphore(value: 0)
    private let started = Mutex(0)

    /// Creates `count - 1` extra loops named `<namePrefix>-<n>`; no thread
    /// starts until `start`.
    public init(main: EventLoop, count: Int, namePrefix: String) throws {
        precondition(count >= 1, "at least the main loop")
        var loops = [main]
        for index in 1..<count { loops.append(try EventLoop(name: "\(namePrefix)-\(index)")) }
        self.loops = loops
    }

    /// Runs `setUp(index)` for every loop on that loop's thread, in order,
    /// each finished before the next begins: loop 0's on the calling thread
    /// (the main loop's set-up, before it runs); each extra loop's as the
    /// first task of its new thread. So a port conflict on any loop fails
    /// start-up. The first error is rethrown, after the extra loops started
    /// so far are stopped.
    public func start(setUp: @escaping @Sendable (Int) throws -> Void) throws {
        try setUp(0)
        for index in loops.indices.dropFirst() {
            let loop = loops[index]
            let ready = DispatchSemaphore(value: 0)
            let failure = Mutex<(any Error)?>(nil)
            let exited = self.exited
            let thread = Thread {
                loop.execute {
                    do { try setUp(index) } catch { failure.withLock { $0 = error } }
                    ready.signal()
                }
                loop.run()
                exited.signal()
            }
            thread.name = loop.name
            thread.start()
            started.withLock { $0 += 1 }
            ready.wait()
            if let error = failure.withLock({ $0 }) {
                for extra in loops[1...index] { extra.stop() }
                throw error
            }
        }
    }

    /// Drains every loop in parallel: `drain(index, finished)` runs on each
    /// loop's thread and calls `finished` (from that thread) when the loop
    /// has nothing left to do. When all have, the extra loops are stopped
    /// and `done` runs on the main loop. Main loop only.
    public func shutdown(drain: @escaping @Sendable (Int, @escaping @Sendable () -> Void) -> Void,
                         done: @escaping () -> Void) {
        main.assertInLoop()
        // Touched only on the main loop, hence the unchecked transfer.
        let progress = UnsafeTransfer(Progress(remaining: loops.count, done: done))
        let main = self.main
        for (index, loop) in loops.enumerated() {
            let finished: @Sendable () -> Void = {
                main.execute {
                    if index > 0 { loop.stop() }
                    progress.value.finishOne()
                }
            }
            if index == 0 {
                drain(0, finished)
            } else {
                loop.execute { drain(index, finished) }
            }
        }
    }

    /// Waits (bounded) until every extra thread started so far has left its
    /// loop; true when they all did. For tests and orderly exits.
    public func waitForExtraThreads(timeoutMilliseconds: Int = 5_000) -> Bool {
        let deadline = DispatchTime.now() + .milliseconds(timeoutMilliseconds)
        while started.withLock({ $0 > 0 }) {
            guard exited.wait(timeout: deadline) == .success else { return false }
            started.withLock { $0 -= 1 }
        }
        return true
    }

    /// The count-down of loops still draining.
    private final class Progress {
        private var remaining: Int
        private let done: () -> Void

        init(remaining: Int, done: @escaping () -> Void) {
            self.remaining = remaining
            self.done = done
        }

        func finishOne() {
            remaining -= 1
            if remaining == 0 { done() }
        }
    }
}
