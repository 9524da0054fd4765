import CCurlShim
import Dispatch
import Foundation
import IO
import Outbound
import Synchronization

/// curl_global_init once per test process, before any driver exists.
let curlInitialised: Bool = cg_global_init() == CURLE_OK

/// An `EventLoop` running on its own thread with a `CurlDriver` on it, as a
/// service would have. `stop()` ends the thread; the driver is released
/// after the loop stopped.
final class LoopThread: @unchecked Sendable {
    let loop: EventLoop
    private(set) var driver: CurlDriver?
    private let exited = DispatchSemaphore(value: 0)

    init() throws {
        precondition(curlInitialised)
        loop = try EventLoop(name: "outbound-test")
        driver = try CurlDriver(loop: loop)
        let thread = Thread { [loop, exited] in
            loop.run()
            exited.signal()
        }
        thread.start()
    }

    /// Runs `body` on the loop with the driver.
    func run(_ body: @escaping @Sendable (CurlDriver) -> Void) {
        let driver = self.driver!
        loop.execute { body(driver) }
    }

    func stop() {
        loop.stop()
        exited.wait()
        driver?.shutdown()
        driver = nil
    }
}

/// Collects values produced on other threads; the test thread waits for
/// a count of them.
final class Collector<Value: Sendable>: Sendable {
    private let values = Mutex<[Value]>([])
    private let signal = DispatchSemaphore(value: 0)

    func add(_ value: Value) {
        values.withLock { $0.append(value) }
        signal.signal()
    }

    /// The first `count` values, or what arrived when `seconds` passed.
    func wait(for count: Int = 1, seconds: Double = 5) -> [Value] {
        let deadline = DispatchTime.now() + seconds
        for _ in 0..<count where signal.wait(timeout: deadline) == .timedOut { break }
        return values.withLock { $0 }
    }

    var current: [Value] { values.withLock { $0 } }
}

/// Loop-confined objects (a `WebSocketClient`) handed through `execute`.
struct LoopBox<T>: @unchecked Sendable {
    let value: T
}
