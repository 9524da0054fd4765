import Glibc

/// gamenight-run's own sd_notify(3) client, for when it is itself supervised (a
/// `Type=notify` unit, or a test harness): reports `READY=1` once every child is ready,
/// `STOPPING=1` when shutdown begins, and `WATCHDOG=1` pings. With no `NOTIFY_SOCKET` it
/// does nothing, as sd_notify(3) does.
struct NotifySender {
    let address: String?

    init(environment: EnvironmentLookup) {
        address = environment["NOTIFY_SOCKET"]
    }

    /// Sends one datagram of newline-separated assignments; returns whether it went out.
    @discardableResult
    func send(_ assignments: [String]) -> Bool {
        guard let address, let target = UnixSocketAddress(address) else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let payload = Array((assignments.joined(separator: "\n") + "\n").utf8)
        let sent = payload.withUnsafeBytes { bytes in
            target.withSockaddr { sendto(descriptor, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL), $0, $1) }
        }
        return sent == payload.count
    }
}

/// When to send our own `WATCHDOG=1`: every half of `WATCHDOG_USEC`, and only if
/// `WATCHDOG_PID` is unset or names us (sd_watchdog_enabled(3)). The event loop checks it
/// every iteration, so a wedged loop stops the pings — which is the point. Pure.
struct WatchdogSchedule: Sendable, Equatable {
    let interval: Duration
    private(set) var nextPing: ContinuousClock.Instant

    init?(environment: EnvironmentLookup, processID: pid_t, now: ContinuousClock.Instant) {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else {
            return nil
        }
        if let owner = environment["WATCHDOG_PID"], owner != String(processID) { return nil }
        interval = .microseconds(microseconds / 2)
        nextPing = now
    }

    /// True when a ping is due; then schedules the next one.
    mutating func isDue(now: ContinuousClock.Instant) -> Bool {
        guard now >= nextPing else { return false }
        nextPing = now + interval
        return true
    }
}
