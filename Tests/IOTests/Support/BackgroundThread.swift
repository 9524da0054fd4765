import Dispatch
import Foundation

/// A dedicated thread (not a Dispatch worker, whose pool may be busy with
/// other tests and start the work late), joined with a bounded wait.
final class BackgroundThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    init(_ body: @escaping @Sendable () -> Void) {
        let finished = self.finished
        Thread {
            body()
            finished.signal()
        }.start()
    }

    /// True when the body returned within the timeout.
    func join(timeoutMilliseconds: Int = 5_000) -> Bool {
        finished.wait(timeout: .now() + .milliseconds(timeoutMilliseconds)) == .success
    }
}
