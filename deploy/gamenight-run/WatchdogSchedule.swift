/// When to send our own `WATCHDOG=1`: every half of `WATCHDOG_USEC`, and only if
/// `WATCHDOG_PID` is unset or names us — both decided by Runtime's `SystemdNotifier`
/// (`watchdogIntervalNanoseconds`), the same rule the services follow. The event loop
/// checks it every iteration, so a wedged loop stops the pings — which is the point. Pure.
struct WatchdogSchedule: Sendable, Equatable {
    let interval: Duration
    private(set) var nextPing: ContinuousClock.Instant

    /// nil when there is no watchdog for us (`SystemdNotifier.watchdogIntervalNanoseconds`
    /// is nil).
    init?(intervalNanoseconds: UInt64?, now: ContinuousClock.Instant) {
        guard let intervalNanoseconds, intervalNanoseconds > 0 else { return nil }
        interval = .nanoseconds(Int64(clamping: intervalNanoseconds))
        nextPing = now
    }

    /// True when a ping is due; then schedules the next one.
    mutating func isDue(now: ContinuousClock.Instant) -> Bool {
        guard now >= nextPing else { return false }
        nextPing = now + interval
        return true
    }
}
