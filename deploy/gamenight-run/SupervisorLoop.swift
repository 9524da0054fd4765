import Glibc
import Runtime

/// The event loop: one poll(2) over the signalfd and the children's notify sockets, with
/// the timeout set to the supervisor's next deadline (READY timeout, restart backoff,
/// SIGKILL escalation) or our own watchdog ping. Single-threaded; every event is fed to
/// `Supervisor` in order, then the loop reacts to phase changes (announce, READY=1,
/// STOPPING=1 to our own manager).
final class SupervisorLoop {
    private let supervisor: Supervisor
    private let signals: PolledSignals
    /// Same order as `supervisor.specs`.
    private let listeners: [NotifyListener]
    private let manager: SystemdNotifier
    private var watchdog: WatchdogSchedule?
    /// Printed on stdout once every child is ready.
    private let banner: [String]
    private let logSink: any LogSink

    private var announced = false
    private var reportedStopping = false

    init(supervisor: Supervisor, signals: PolledSignals, listeners: [NotifyListener], manager: SystemdNotifier,
         watchdog: WatchdogSchedule?, banner: [String], logSink: any LogSink) {
        self.supervisor = supervisor
        self.signals = signals
        self.listeners = listeners
        self.manager = manager
        self.watchdog = watchdog
        self.banner = banner
        self.logSink = logSink
    }

    /// Runs until every child is stopped; returns the process exit code.
    func run() -> Int32 {
        supervisor.start(now: .now)
        var descriptors = ([signals.descriptor] + listeners.map(\.descriptor)).map {
            pollfd(fd: $0, events: Int16(POLLIN), revents: 0)
        }
        while true {
            reactToPhase()
            if case .finished(let exitCode) = supervisor.phase { return exitCode }

            let deadline = [supervisor.nextDeadline, watchdog?.nextPing].compactMap { $0 }.min()
            let timeout = pollTimeout(until: deadline, now: .now)
            for index in descriptors.indices { descriptors[index].revents = 0 }
            if poll(&descriptors, nfds_t(descriptors.count), timeout) < 0, errno != EINTR {
                return abandon(SystemError("poll"))
            }

            let now = ContinuousClock.now
            // Notifications before exits: a child that sent READY=1 and then died must
            // be seen as "was ready, crashed", not "never became ready".
            for (index, listener) in listeners.enumerated() where descriptors[index + 1].revents != 0 {
                drain(listener, child: index, now: now)
            }
            if descriptors[0].revents != 0 {
                handleSignals(now: now)
            }
            supervisor.tick(now: now)
            if var schedule = watchdog, schedule.isDue(now: now) {
                manager.watchdog()
                watchdog = schedule
            }
        }
    }

    private func drain(_ listener: NotifyListener, child index: Int, now: ContinuousClock.Instant) {
        let name = supervisor.specs[index].name
        while let received = listener.receive() {
            switch received {
            case .oversized(let pid):
                log(.warning, "dropped a notification for \(name) from pid=\(pid ?? 0): "
                    + "longer than \(NotifyListener.maximumMessageSize) bytes")
            case .datagram(let bytes, let pid):
                guard let message = NotifyMessage(parsing: bytes) else {
                    log(.warning, "dropped a notification for \(name) from pid=\(pid ?? 0): embedded NUL byte")
                    continue
                }
                supervisor.notification(message, child: index, senderPID: pid, now: now)
            }
        }
    }

    /// Reaps first, then handles stop requests, so a stop never signals a process that
    /// already exited.
    private func handleSignals(now: ContinuousClock.Instant) {
        let received = signals.readPending()
        if received.contains(SIGCHLD) {
            for (pid, status) in ChildProcess.reapExited() {
                supervisor.childExited(pid: pid, status: status, now: now)
            }
        }
        for signal in received where signal != SIGCHLD {
            supervisor.requestStop(signalName: TerminationStatus.signalName(signal), now: now)
        }
    }

    private func reactToPhase() {
        switch supervisor.phase {
        case .running where !announced:
            announced = true
            FileOutput.write(banner.map { $0 + "\n" }.joined(), to: 1)
            manager.ready(status: "\(supervisor.specs.count) children ready")
        case .stopping where !reportedStopping:
            reportedStopping = true
            manager.send("STOPPING=1\nSTATUS=stopping children")
        default:
            break
        }
    }

    /// The loop itself failed (poll(2) cannot, short of a bug): kill the children rather
    /// than orphan them, reap them, and fail.
    private func abandon(_ error: SystemError) -> Int32 {
        log(.critical, "\(error); killing all children")
        for (index, state) in supervisor.states.enumerated() {
            if let pid = state.pid {
                log(.warning, "killing \(supervisor.specs[index].name) pid=\(pid)")
                kill(pid, SIGKILL)
            }
        }
        var status: Int32 = 0
        while waitpid(-1, &status, 0) > 0 || errno == EINTR {}
        return 1
    }

    private func log(_ priority: LogPriority, _ message: String) {
        logSink.write(LogLine(priority: priority, message: message))
    }
}
