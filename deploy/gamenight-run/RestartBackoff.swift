/// How long to wait before restarting a child that exited without being asked to.
///
/// Exponential, like systemd's `RestartSec=` growing through `RestartSteps=` up to
/// `RestartMaxDelaySec=` (systemd.service(5)): the first restart is quick, so a one-off
/// crash costs a quarter second, while a child that crashes on every start settles at one
/// attempt every `maximum` instead of spinning and flooding the log.
///
/// The streak is forgiven once a child has stayed up for `resetAfter`: a crash after a
/// long healthy run is a new incident, not part of a crash loop. Pure value, no clock: the
/// caller passes how long the child was up.
struct RestartBackoff: Sendable, Equatable {
    struct Policy: Sendable, Equatable {
        var initial: Duration = .milliseconds(250)
        var maximum: Duration = .seconds(10)
        var resetAfter: Duration = .seconds(30)

        /// Delay before attempt `attempt` (0-based): `initial · 2^attempt`, capped at `maximum`.
        func delay(forAttempt attempt: Int) -> Duration {
            var delay = initial
            for _ in 0..<max(0, attempt) {
                delay = delay * 2
                if delay >= maximum { return maximum }
            }
            return min(delay, maximum)
        }
    }

    let policy: Policy
    /// Restarts scheduled since the child last stayed up for `policy.resetAfter`.
    private(set) var consecutiveFailures = 0

    init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Records one failure and returns the delay before the next start.
    ///
    /// - Parameter uptime: how long the child had been ready before it exited; `.zero`
    ///   if it never reported `READY=1`.
    mutating func nextDelay(afterUptime uptime: Duration) -> Duration {
        if uptime >= policy.resetAfter {
            consecutiveFailures = 0
        }
        let delay = policy.delay(forAttempt: consecutiveFailures)
        consecutiveFailures += 1
        return delay
    }
}
