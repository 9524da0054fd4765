import Glibc
import IO

/// The life of one gamenight process: configuration, logging, signals,
/// readiness and watchdog (sd_notify), graceful shutdown.
///
/// `run` blocks the main thread in the process's main event loop. SIGTERM
/// or SIGINT starts the shutdown steps in order (each calls its `done` when
/// finished), then the loop stops and the process exits 0. A second signal
/// during shutdown exits at once.
public final class ServiceProcess: @unchecked Sendable {
    public let name: String
    public let configuration: Configuration
    public let logger: Logger
    public let loop: EventLoop
    public let notifier: SystemdNotifier
    private var shutdownSteps: [(name: String, step: (@escaping () -> Void) -> Void)] = []
    private var signals: SignalSource?
    private var shuttingDown = false

    /// Reads the environment; on a configuration error logs it and exits
    /// with EX_CONFIG (78), which systemd's `Restart=on-failure` would retry
    /// pointlessly, so the unit files list it in `RestartPreventExitStatus=`.
    public static func bootstrap(name: String, environment: [String: String] = ProcessEnvironment.current()) -> ServiceProcess {
        // Writing to a closed socket must be an error we handle, not a kill.
        signal(SIGPIPE, SIG_IGN)
        // Databases, secrets and sockets are ours alone.
        umask(0o077)
        // Blocked before any thread starts, so every thread inherits the mask
        // and only the signalfd sees them.
        SignalSource.blockInThisThread([SIGTERM, SIGINT])
        let bootLogger = Logger(label: name)
        do {
            let configuration = try Configuration(environment: environment)
            try configuration.prepareDirectories()
            let logger = Logger(label: name, minimumLevel: configuration.logLevel)
            let loop = try EventLoop(name: "\(name)-main")
            return ServiceProcess(name: name, configuration: configuration, logger: logger, loop: loop,
                                  notifier: SystemdNotifier(environment: environment))
        } catch {
            bootLogger.error("cannot start: \(error)")
            exit(78)
        }
    }

    private init(name: String, configuration: Configuration, logger: Logger, loop: EventLoop, notifier: SystemdNotifier) {
        self.name = name
        self.configuration = configuration
        self.logger = logger
        self.loop = loop
        self.notifier = notifier
    }

    /// Adds a shutdown step; steps run in the order they were added.
    public func onShutdown(_ name: String, _ step: @escaping (@escaping () -> Void) -> Void) {
        shutdownSteps.append((name, step))
    }

    /// Runs `setUp` on the loop thread (bind sockets, open databases), then
    /// reports READY=1 and serves until a signal. A failing `setUp` exits 1.
    public func run(setUp: () throws -> Void) -> Never {
        do {
            signals = try SignalSource(loop: loop, signals: [SIGTERM, SIGINT]) { [unowned self] signal in
                self.beginShutdown(signal: signal)
            }
            try setUp()
        } catch {
            logger.error("start-up failed: \(error)")
            exit(1)
        }
        startWatchdog()
        notifier.ready(status: "serving")
        logger.info("ready", ("pid", "\(getpid())"))
        loop.run()
        logger.info("stopped")
        exit(0)
    }

    private func startWatchdog() {
        guard let interval = notifier.watchdogIntervalNanoseconds else { return }
        // Pinged from the loop itself (as sd_event does): a wedged loop stops
        // the pings and systemd restarts us.
        func ping() {
            notifier.watchdog()
            loop.schedule(afterNanoseconds: interval, ping)
        }
        ping()
    }

    private func beginShutdown(signal: Int32) {
        if shuttingDown {
            logger.warning("second signal during shutdown; exiting now")
            exit(0)
        }
        shuttingDown = true
        logger.info("shutting down", ("signal", "\(signal)"))
        notifier.stopping()
        runShutdownSteps(from: 0)
    }

    private func runShutdownSteps(from index: Int) {
        guard index < shutdownSteps.count else {
            loop.stop()
            return
        }
        let step = shutdownSteps[index]
        var finished = false
        step.step { [unowned self] in
            guard !finished else { return }
            finished = true
            self.runShutdownSteps(from: index + 1)
        }
    }
}

/// The process environment as a dictionary.
public enum ProcessEnvironment {
    public static func current() -> [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            pointer += 1
        }
        return result
    }
}
