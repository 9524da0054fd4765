import Glibc

/// Where one child is in its life, as the supervisor sees it. Transitions:
///
/// - idle → starting: launched (first start, or its restart delay is over)
/// - starting → ready: `READY=1` from that very pid
/// - starting/ready → waitingToRestart: exited on its own (delay from `RestartBackoff`)
/// - starting → terminating (restart): no `READY=1` within the ready timeout
/// - starting/ready → terminating: shutdown, highest start index first
/// - terminating → killed: still alive at the stop deadline, so SIGKILL
/// - terminating/killed → waitingToRestart or idle: reaped
enum ChildState: Sendable, Equatable {
    /// Not running: not started yet, or stopped for good.
    case idle
    /// Launched; waits for `READY=1` until `readyDeadline`.
    case starting(pid: pid_t, launchedAt: ContinuousClock.Instant, readyDeadline: ContinuousClock.Instant)
    /// Reported `READY=1` at `since`.
    case ready(pid: pid_t, since: ContinuousClock.Instant)
    /// Exited unexpectedly; the next launch is due at `until`.
    case waitingToRestart(until: ContinuousClock.Instant)
    /// Sent SIGTERM; SIGKILL follows at `killDeadline`. `restartAfterExit` is true when we
    /// stop it to start it again (it never became ready), false when shutting down.
    case terminating(pid: pid_t, killDeadline: ContinuousClock.Instant, restartAfterExit: Bool)
    /// Sent SIGKILL; waiting to reap it.
    case killed(pid: pid_t, restartAfterExit: Bool)

    /// The live (or not yet reaped) process, if any.
    var pid: pid_t? {
        switch self {
        case .starting(let pid, _, _), .ready(let pid, _), .terminating(let pid, _, _), .killed(let pid, _): pid
        case .idle, .waitingToRestart: nil
        }
    }

    /// We already asked this process to go away.
    var isBeingStopped: Bool {
        switch self {
        case .terminating, .killed: true
        default: false
        }
    }
}
