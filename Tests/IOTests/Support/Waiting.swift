import Glibc
import IO

/// A test gave up waiting, or a system call in the test's own code failed.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeoutMilliseconds` pass; true if
/// it held. Every wait in this suite is bounded, so a bug fails a test
/// instead of hanging the run.
func eventually(timeoutMilliseconds: Int = 5_000, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = MonotonicClock.now() + UInt64(timeoutMilliseconds) * 1_000_000
    while true {
        if try condition() { return true }
        if MonotonicClock.now() >= deadline { return false }
        usleep(2_000)
    }
}

/// Milliseconds elapsed since `start` (a `MonotonicClock` reading).
func millisecondsSince(_ start: UInt64) -> Double {
    Double(MonotonicClock.now() - start) / 1_000_000
}

/// `count` bytes of a pattern that makes a lost, duplicated or reordered
/// chunk visible (251 is prime, so the pattern never lines up with a
/// power-of-two buffer size).
func patternBytes(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 % 251) }
}
