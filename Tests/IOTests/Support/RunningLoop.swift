import Dispatch
import Foundation
import IO
import Testing

/// An `EventLoop` running on its own thread for the duration of one test.
final class RunningLoop: Sendable {
    let loop: EventLoop
    private let finished = DispatchSemaphore(value: 0)

    private init(name: String) throws {
        let loop = try EventLoop(name: name)
        self.loop = loop
        let finished = self.finished
        let thread = Thread {
            loop.run()
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Runs `body` with a started loop, then stops the loop and waits (bounded)
    /// for `run()` to return.
    static func with<T>(name: String = "test-loop", _ body: (RunningLoop) throws -> T) throws -> T {
        let running = try RunningLoop(name: name)
        defer {
            if !running.stop() { Issue.record("the event loop did not stop within 5 s") }
        }
        return try body(running)
    }

    /// Runs `body` on the loop thread and waits for its result.
    @discardableResult
    func sync<T: Sendable>(timeoutMilliseconds: Int = 5_000,
                           _ body: @escaping @Sendable () throws -> T) throws -> T {
        let outcome = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        loop.execute {
            let result = Result { try body() }
            outcome.set(result)
            done.signal()
        }
        guard done.wait(timeout: .now() + .milliseconds(timeoutMilliseconds)) == .success else {
            throw TestFailure("the loop did not run a task within \(timeoutMilliseconds) ms")
        }
        return try outcome.value!.get()
    }

    /// Asks the loop to stop; true when `run()` returned within the timeout.
    @discardableResult
    func stop(timeoutMilliseconds: Int = 5_000) -> Bool {
        loop.stop()
        return finished.wait(timeout: .now() + .milliseconds(timeoutMilliseconds)) == .success
    }
}
