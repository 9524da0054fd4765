import IO
import Synchronization

/// Failed logins per client address: after `maxFailures` failures within
/// one window (`LOGIN_MAX_FAILURES` [10] per `LOGIN_WINDOW_MS` [60000])
/// the address gets 429 with `Retry-After` until that window passes,
/// whatever key it sends. Shared by every gateway loop (one lock, taken
/// only on the login route).
final class LoginThrottle: Sendable {
    private struct Entry {
        var windowStart: UInt64
        var failures: Int
    }

    let maxFailures: Int
    let windowNanoseconds: UInt64
    private let entries = Mutex<[String: Entry]>([:])
    /// Beyond this many addresses, expired entries are dropped.
    private let pruneThreshold = 10_000

    init(maxFailures: Int = 10, windowMilliseconds: Int = 60_000) {
        self.maxFailures = maxFailures
        windowNanoseconds = UInt64(windowMilliseconds) * 1_000_000
    }

    /// Seconds until `address` may try again, or nil when it may now.
    func retryAfterSeconds(_ address: String, now: UInt64 = MonotonicClock.now()) -> Int? {
        entries.withLock { entries in
            guard let entry = entries[address] else { return nil }
            let elapsed = now &- entry.windowStart
            if elapsed >= windowNanoseconds {
                entries[address] = nil
                return nil
            }
            guard entry.failures >= maxFailures else { return nil }
            return max(1, Int((windowNanoseconds - elapsed + 999_999_999) / 1_000_000_000))
        }
    }

    func recordFailure(_ address: String, now: UInt64 = MonotonicClock.now()) {
        entries.withLock { entries in
            if var entry = entries[address], now &- entry.windowStart < windowNanoseconds {
                entry.failures += 1
                entries[address] = entry
            } else {
                entries[address] = Entry(windowStart: now, failures: 1)
            }
            if entries.count > pruneThreshold {
                let window = windowNanoseconds
                entries = entries.filter { now &- $0.value.windowStart < window }
            }
        }
    }
}
