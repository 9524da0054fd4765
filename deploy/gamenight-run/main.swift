import Glibc
import IO
import Runtime

// gamenight-run: the local supervisor for `make run` and CI. Starts session-service,
// vote-service, the monitor-service instances and api-gateway in that order, each after
// the previous one said READY=1 over its NOTIFY_SOCKET; restarts crashed ones; stops them
// all in reverse order on SIGTERM/SIGINT/SIGHUP (a closed terminal means stop too;
// under nohup SIGHUP stays ignored). In production systemd does this job with the
// units in deploy/systemd, speaking the same protocol. See Supervisor.swift for the rules.

/// Exit codes: 0 stopped on request; 1 a child failed to start or the loop failed;
/// 2 bad configuration (LSB's "invalid argument").
func runSupervisor() -> Int32 {
    let logSink = StandardErrorLogSink(program: "gamenight-run")
    func fail(_ message: String, exitCode: Int32 = 1) -> Int32 {
        logSink.write(LogLine(priority: .error, message: message))
        return exitCode
    }

    // First of all: block the signals we read from the signalfd, before anything could
    // start a thread or a child with them unblocked.
    let signals: PolledSignals
    do {
        signals = try PolledSignals(signals: [SIGCHLD, SIGTERM, SIGINT, SIGHUP])
    } catch {
        return fail("\(error)")
    }
    // A closed stdout (`gamenight-run | head`) must not kill us and orphan the children.
    signal(SIGPIPE, SIG_IGN)

    let environment = ProcessEnvironment.current()
    let config: SupervisorConfig
    do {
        config = try SupervisorConfig(environment: environment,
                                      currentDirectory: try FileSystem.currentDirectory(),
                                      executableDirectory: FileSystem.executableDirectory() ?? ".")
    } catch let error as ConfigError {
        return fail("configuration: \(error)", exitCode: 2)
    } catch {
        return fail("\(error)")
    }

    let specs = config.children
    var listeners: [NotifyListener] = []
    defer { listeners.forEach { $0.close() } }
    do {
        // DATA_DIR holds the secrets (admin.key, jwt.secret): private when we create it.
        try FileSystem.makeDirectories(config.dataDirectory, mode: 0o700)
        try FileSystem.makeDirectories(config.runtimeDirectory, mode: 0o700)
        try FileSystem.setMode(config.runtimeDirectory, 0o700)
        for spec in specs {
            listeners.append(try NotifyListener(path: spec.notifySocketPath))
        }
    } catch {
        return fail("\(error)")
    }

    // Runtime's sd_notify client and watchdog rule, the ones the services use.
    let manager = SystemdNotifier(environment: EnvironmentLookup(environment).values)
    let launcher = PosixSpawnLauncher(listeners: Dictionary(uniqueKeysWithValues: zip(specs.map(\.name), listeners)))
    let supervisor = Supervisor(
        specs: specs,
        timeouts: Supervisor.Timeouts(ready: config.readyTimeout, stop: config.stopTimeout),
        launcher: launcher,
        logSink: logSink)
    let loop = SupervisorLoop(
        supervisor: supervisor,
        signals: signals,
        listeners: listeners,
        manager: manager,
        watchdog: WatchdogSchedule(intervalNanoseconds: manager.watchdogIntervalNanoseconds, now: .now),
        banner: [config.runningLine, "admin key: \(config.adminKeyLocation)"],
        logSink: logSink)
    return loop.run()
}

exit(runSupervisor())
