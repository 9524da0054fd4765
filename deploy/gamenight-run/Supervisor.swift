import Glibc

/// The supervision state machine: start the children one by one, each after the previous
/// one reported `READY=1`; restart one that exits on its own, after a backoff; stop them
/// all in reverse order on request.
///
/// It does no I/O of its own. Events come in as method calls with the current instant
/// (`childExited`, `notification`, `requestStop`, `tick`); it acts through a
/// `ChildLauncher` and reports through a `LogSink`; the loop asks `nextDeadline` how long
/// it may sleep. Tests drive it with a fake launcher and hand-made instants.
///
/// The rules mirror systemd for `Type=notify` units (systemd.service(5)): a unit counts as
/// started at `READY=1`, `TimeoutStartSec=` bounds the wait, `Restart=` with `RestartSec=`
/// handles crashes, and `TimeoutStopSec=` turns SIGTERM into SIGKILL. Stopping in reverse
/// start order is what systemd's `After=` ordering gives the units in deploy/systemd.
final class Supervisor {
    enum Phase: Sendable, Equatable {
        /// `start` not called yet.
        case idle
        /// Launching children in order; `startupIndex` is the one we wait for.
        case startingUp
        /// Every child reported `READY=1` at least once.
        case running
        /// Stopping everything, highest index first; the process then exits `exitCode`.
        case stopping(exitCode: Int32)
        /// Nothing left running.
        case finished(exitCode: Int32)
    }

    struct Timeouts: Sendable, Equatable {
        /// `TimeoutStartSec=`: launch to `READY=1`.
        var ready: Duration = .seconds(30)
        /// `TimeoutStopSec=`: SIGTERM to SIGKILL.
        var stop: Duration = .seconds(10)
        var restart = RestartBackoff.Policy()
    }

    let specs: [ChildSpec]
    let timeouts: Timeouts
    private(set) var phase: Phase = .idle
    private(set) var states: [ChildState]
    /// Launches so far, per child (the first start counts).
    private(set) var launchCounts: [Int]
    private var backoffs: [RestartBackoff]
    private var startupIndex = 0
    let launcher: any ChildLauncher
    let logSink: any LogSink

    init(specs: [ChildSpec], timeouts: Timeouts, launcher: any ChildLauncher, logSink: any LogSink) {
        self.specs = specs
        self.timeouts = timeouts
        self.launcher = launcher
        self.logSink = logSink
        states = Array(repeating: .idle, count: specs.count)
        launchCounts = Array(repeating: 0, count: specs.count)
        backoffs = Array(repeating: RestartBackoff(policy: timeouts.restart), count: specs.count)
    }

    var isActive: Bool { phase == .startingUp || phase == .running }

    func start(now: ContinuousClock.Instant) {
        guard phase == .idle else { return }
        guard !specs.isEmpty else {
            phase = .finished(exitCode: 0)
            return
        }
        phase = .startingUp
        emit(.info, "starting \(specs.map(\.name).joined(separator: ", "))")
        launch(0, now: now)
    }

    /// A datagram arrived on child `index`'s notify socket.
    func notification(_ message: NotifyMessage, child index: Int, senderPID: pid_t?, now: ContinuousClock.Instant) {
        let name = specs[index].name
        guard let pid = states[index].pid else {
            emit(.debug, "ignored notification for \(name): it is not running")
            return
        }
        if let senderPID, senderPID != pid {
            emit(.debug, "ignored notification for \(name) from pid=\(senderPID): the child is pid=\(pid)")
            return
        }
        if let status = message.status { emit(.info, "\(name) status: \(status)") }
        if let number = message.errorNumber {
            emit(.warning, "\(name) reports errno=\(number) (\(String(cString: strerror(number))))")
        }
        if message.isStopping, !states[index].isBeingStopped {
            emit(.notice, "\(name) is stopping on its own pid=\(pid)")
        }
        guard message.isReady, case .starting(_, let launchedAt, _) = states[index] else { return }
        states[index] = .ready(pid: pid, since: now)
        let again = launchCounts[index] > 1 ? " again" : ""
        emit(.info, "\(name) ready\(again) pid=\(pid) after=\(launchedAt.duration(to: now).secondsText)")
        if phase == .startingUp, index == startupIndex { continueStartup(now: now) }
    }

    /// The loop reaped `pid`.
    func childExited(pid: pid_t, status: TerminationStatus, now: ContinuousClock.Instant) {
        guard let index = states.firstIndex(where: { $0.pid == pid }) else {
            emit(.debug, "reaped pid=\(pid) \(status), not one of ours")
            return
        }
        let name = specs[index].name
        let previous = states[index]
        states[index] = .idle
        switch phase {
        case .stopping:
            emit(status.isCleanStop ? .info : .warning, "\(name) stopped pid=\(pid) \(status)")
            continueStopping(now: now)
        case .startingUp where index == startupIndex:
            // A child that cannot come up once will not on a retry either (bad config,
            // port taken, missing library): fail fast with the reason on screen.
            emit(.error, "\(name) exited before it was ready pid=\(pid) \(status); giving up")
            beginStopping(exitCode: 1, now: now)
        case .startingUp, .running:
            var uptime = Duration.zero
            let what: String
            switch previous {
            case .ready(_, let since):
                uptime = since.duration(to: now)
                what = "exited unexpectedly"
            case .starting:
                what = "exited before it was ready"
            default:
                what = "stopped"
            }
            scheduleRestart(index, uptime: uptime, now: now, reason: "\(what) pid=\(pid) \(status)")
        case .idle, .finished:
            break
        }
    }

    /// Deadlines: READY timeouts, due restarts, SIGKILL escalation.
    func tick(now: ContinuousClock.Instant) {
        for index in specs.indices {
            switch states[index] {
            case .starting(let pid, _, let deadline) where isActive && deadline <= now:
                readyTimedOut(index, pid: pid, now: now)
            case .waitingToRestart(let until) where isActive && until <= now:
                launch(index, now: now)
            case .terminating(let pid, let deadline, let restart) where deadline <= now:
                emit(.warning, "\(specs[index].name) still running \(timeouts.stop.secondsText) after SIGTERM; "
                    + "sending SIGKILL pid=\(pid)")
                launcher.signal(SIGKILL, to: pid)
                states[index] = .killed(pid: pid, restartAfterExit: restart)
            default:
                break
            }
        }
    }

    /// The earliest instant at which `tick` has something to do.
    var nextDeadline: ContinuousClock.Instant? {
        let active = isActive
        return states.compactMap { state -> ContinuousClock.Instant? in
            switch state {
            case .starting(_, _, let deadline): active ? deadline : nil
            case .waitingToRestart(let until): active ? until : nil
            case .terminating(_, let deadline, _): deadline
            default: nil
            }
        }.min()
    }

    // MARK: - Starting

    private func continueStartup(now: ContinuousClock.Instant) {
        let next = startupIndex + 1
        if next < specs.count {
            startupIndex = next
            launch(next, now: now)
        } else {
            phase = .running
            emit(.notice, "all \(specs.count) children ready")
        }
    }

    private func launch(_ index: Int, now: ContinuousClock.Instant) {
        let spec = specs[index]
        let pid: pid_t
        do {
            pid = try launcher.launch(spec)
        } catch {
            states[index] = .idle
            if phase == .startingUp, index == startupIndex, launchCounts[index] == 0 {
                emit(.error, "cannot start \(spec.name): \(error)")
                beginStopping(exitCode: 1, now: now)
            } else {
                scheduleRestart(index, uptime: .zero, now: now, reason: "could not be restarted: \(error)")
            }
            return
        }
        launchCounts[index] += 1
        states[index] = .starting(pid: pid, launchedAt: now, readyDeadline: now + timeouts.ready)
        if launchCounts[index] == 1 {
            emit(.info, "started \(spec.name) pid=\(pid)")
        } else {
            emit(.info, "restarted \(spec.name) pid=\(pid) restarts=\(launchCounts[index] - 1)")
        }
    }

    private func readyTimedOut(_ index: Int, pid: pid_t, now: ContinuousClock.Instant) {
        let name = specs[index].name
        let limit = timeouts.ready.secondsText
        if phase == .startingUp, index == startupIndex {
            emit(.error, "\(name) did not report READY=1 within \(limit) pid=\(pid); giving up")
            beginStopping(exitCode: 1, now: now)
        } else {
            emit(.warning, "\(name) did not report READY=1 within \(limit) pid=\(pid); stopping it to restart it")
            launcher.signal(SIGTERM, to: pid)
            states[index] = .terminating(pid: pid, killDeadline: now + timeouts.stop, restartAfterExit: true)
        }
    }

    private func scheduleRestart(_ index: Int, uptime: Duration, now: ContinuousClock.Instant, reason: String) {
        let delay = backoffs[index].nextDelay(afterUptime: uptime)
        states[index] = .waitingToRestart(until: now + delay)
        emit(.warning, "\(specs[index].name) \(reason); restarting in \(delay.secondsText)")
    }

    func emit(_ priority: LogPriority, _ message: String) {
        logSink.write(LogLine(priority: priority, message: message))
    }

    // MARK: - Stopping (here because it writes the private state)

    /// SIGTERM/SIGINT/SIGHUP arrived. The first one stops gracefully; another one while
    /// stopping kills what is left (the impatient second Ctrl-C).
    func requestStop(signalName: String, now: ContinuousClock.Instant) {
        switch phase {
        case .idle:
            phase = .finished(exitCode: 0)
        case .startingUp, .running:
            emit(.notice, "received \(signalName); stopping children in reverse start order")
            beginStopping(exitCode: 0, now: now)
        case .stopping:
            emit(.warning, "received \(signalName) again; killing the remaining children")
            killRemaining()
        case .finished:
            break
        }
    }

    /// Cancels pending restarts and stops the highest-index live child; each exit then
    /// stops the next one down (`continueStopping`), as service-lifecycle's ServiceGroup
    /// shuts services down in reverse order: the gateway goes before what it calls.
    private func beginStopping(exitCode: Int32, now: ContinuousClock.Instant) {
        phase = .stopping(exitCode: exitCode)
        for index in states.indices {
            if case .waitingToRestart = states[index] { states[index] = .idle }
        }
        continueStopping(now: now)
    }

    private func continueStopping(now: ContinuousClock.Instant) {
        guard case .stopping(let exitCode) = phase else { return }
        guard let index = states.lastIndex(where: { $0.pid != nil }) else {
            phase = .finished(exitCode: exitCode)
            emit(.notice, "all children stopped")
            return
        }
        switch states[index] {
        case .starting(let pid, _, _), .ready(let pid, _):
            emit(.info, "stopping \(specs[index].name) pid=\(pid)")
            launcher.signal(SIGTERM, to: pid)
            states[index] = .terminating(pid: pid, killDeadline: now + timeouts.stop, restartAfterExit: false)
        case .terminating(let pid, let deadline, _):
            states[index] = .terminating(pid: pid, killDeadline: deadline, restartAfterExit: false)
        case .killed(let pid, _):
            states[index] = .killed(pid: pid, restartAfterExit: false)
        case .idle, .waitingToRestart:
            break
        }
    }

    private func killRemaining() {
        for index in states.indices {
            guard let pid = states[index].pid else { continue }
            if case .killed = states[index] { continue }
            emit(.warning, "killing \(specs[index].name) pid=\(pid)")
            launcher.signal(SIGKILL, to: pid)
            states[index] = .killed(pid: pid, restartAfterExit: false)
        }
    }
}
