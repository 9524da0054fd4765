import Glibc
import Testing
@testable import gamenight_run

/// Records launches and signals instead of creating processes.
final class FakeLauncher: ChildLauncher {
    struct Failure: Error {}
    private var lastPID: pid_t = 100
    var launched: [(name: String, pid: pid_t)] = []
    var signals: [(signal: Int32, pid: pid_t)] = []
    var failing: Set<String> = []

    func launch(_ spec: ChildSpec) throws -> pid_t {
        if failing.contains(spec.name) { throw Failure() }
        lastPID += 1
        launched.append((spec.name, lastPID))
        return lastPID
    }

    func signal(_ signal: Int32, to pid: pid_t) {
        signals.append((signal, pid))
    }
}

final class RecordingLog: LogSink {
    var lines: [LogLine] = []
    func write(_ line: LogLine) { lines.append(line) }
    func contains(_ text: String) -> Bool { lines.contains { $0.message.contains(text) } }
}

/// A supervisor over children `a`, `b`, `c` with a fake launcher and a manual clock.
struct Harness {
    let launcher = FakeLauncher()
    let log = RecordingLog()
    let supervisor: Supervisor
    let t0 = ContinuousClock.now

    init(children: [String] = ["a", "b", "c"]) {
        let specs = children.map { ChildSpec(name: $0, executable: "/bin/\($0)", environment: [],
                                             notifySocketPath: "/run/notify-\($0).sock") }
        supervisor = Supervisor(specs: specs, timeouts: Supervisor.Timeouts(), launcher: launcher, logSink: log)
    }

    func at(_ seconds: Double) -> ContinuousClock.Instant { t0 + .milliseconds(Int64(seconds * 1000)) }

    func pid(_ index: Int) -> pid_t { supervisor.states[index].pid! }

    func ready(_ index: Int, at seconds: Double) {
        supervisor.notification(NotifyMessage(assignments: [.init(key: "READY", value: "1")]), child: index,
                                senderPID: pid(index), now: at(seconds))
    }

    func exit(_ index: Int, _ status: TerminationStatus = .exited(code: 0), at seconds: Double) {
        supervisor.childExited(pid: pid(index), status: status, now: at(seconds))
    }

    /// Starts all three and makes each ready 0.1 s after the previous one.
    func startAll() {
        supervisor.start(now: at(0))
        for index in supervisor.specs.indices { ready(index, at: 0.1 * Double(index + 1)) }
    }

    var launchedNames: [String] { launcher.launched.map(\.name) }
    var signalled: [String] {
        launcher.signals.map { sent in
            let name = launcher.launched.last { $0.pid == sent.pid }!.name
            return "\(TerminationStatus.signalName(sent.signal)) \(name)"
        }
    }
}

@Suite struct SupervisorStartupTests {
    @Test func startsOneChildAtATimeAfterTheEarlierOneIsReady() {
        let h = Harness()
        h.supervisor.start(now: h.at(0))
        #expect(h.launchedNames == ["a"])
        h.ready(0, at: 0.1)
        #expect(h.launchedNames == ["a", "b"])
        #expect(h.supervisor.phase == .startingUp)
        h.ready(1, at: 0.2)
        h.ready(2, at: 0.3)
        #expect(h.launchedNames == ["a", "b", "c"])
        #expect(h.supervisor.phase == .running)
        #expect(h.log.contains("all 3 children ready"))
    }

    @Test func ignoresReadyFromAnotherProcessAndOtherValues() {
        let h = Harness()
        h.supervisor.start(now: h.at(0))
        h.supervisor.notification(NotifyMessage(assignments: [.init(key: "READY", value: "1")]), child: 0,
                                  senderPID: 4242, now: h.at(0.1))
        h.supervisor.notification(NotifyMessage(assignments: [.init(key: "STATUS", value: "warming up")]),
                                  child: 0, senderPID: h.pid(0), now: h.at(0.1))
        #expect(h.launchedNames == ["a"])
        #expect(h.log.contains("a status: warming up"))
    }

    @Test func readyTimeoutStopsWhatWasStartedInReverseAndExitsOne() {
        let h = Harness()
        h.supervisor.start(now: h.at(0))
        h.ready(0, at: 0.1)
        #expect(h.supervisor.nextDeadline == h.at(30.1))
        h.supervisor.tick(now: h.at(30))
        #expect(h.supervisor.phase == .startingUp)
        h.supervisor.tick(now: h.at(30.1))
        #expect(h.supervisor.phase == .stopping(exitCode: 1))
        #expect(h.signalled == ["SIGTERM b"])
        h.exit(1, at: 30.2)
        #expect(h.signalled == ["SIGTERM b", "SIGTERM a"])
        h.exit(0, at: 30.3)
        #expect(h.supervisor.phase == .finished(exitCode: 1))
        #expect(h.launchedNames == ["a", "b"])
        #expect(h.log.lines.contains { $0.priority == .error && $0.message.contains("did not report READY=1") })
    }

    @Test func exitBeforeReadyDuringStartupGivesUp() {
        let h = Harness()
        h.supervisor.start(now: h.at(0))
        h.ready(0, at: 0.1)
        h.exit(1, .exited(code: 78), at: 0.2)
        #expect(h.supervisor.phase == .stopping(exitCode: 1))
        #expect(h.signalled == ["SIGTERM a"])
        #expect(h.log.contains("b exited before it was ready pid=102 exit=78; giving up"))
    }

    @Test func launchFailureDuringStartupGivesUp() {
        let h = Harness()
        h.launcher.failing = ["b"]
        h.supervisor.start(now: h.at(0))
        h.ready(0, at: 0.1)
        #expect(h.supervisor.phase == .stopping(exitCode: 1))
        #expect(h.log.contains("cannot start b"))
        h.exit(0, at: 0.2)
        #expect(h.supervisor.phase == .finished(exitCode: 1))
    }

    @Test func anEarlierChildCrashingDuringStartupIsRestartedWithoutDisturbingTheOrder() {
        let h = Harness()
        h.supervisor.start(now: h.at(0))
        h.ready(0, at: 0.1)
        h.exit(0, .signaled(signal: SIGSEGV, coreDumped: false), at: 0.2)
        h.supervisor.tick(now: h.at(0.45))
        #expect(h.launchedNames == ["a", "b", "a"])
        h.ready(0, at: 0.5)
        #expect(h.launchedNames == ["a", "b", "a"], "a's second READY must not launch c early")
        h.ready(1, at: 0.6)
        #expect(h.launchedNames == ["a", "b", "a", "c"])
    }
}

@Suite struct SupervisorRestartTests {
    @Test func crashedChildIsRestartedWithGrowingBackoffAndMustBeReadyAgain() {
        let h = Harness()
        h.startAll()
        let otherPIDs = [h.pid(0), h.pid(2)]
        h.exit(1, .signaled(signal: SIGKILL, coreDumped: false), at: 1)
        #expect(h.log.contains("b exited unexpectedly pid=102 signal=SIGKILL; restarting in 0.25s"))
        #expect(h.supervisor.nextDeadline == h.at(1.25))
        h.supervisor.tick(now: h.at(1.2))
        #expect(h.launchedNames.count == 3)
        h.supervisor.tick(now: h.at(1.25))
        #expect(h.launchedNames == ["a", "b", "c", "b"])
        #expect(h.log.contains("restarted b pid=104 restarts=1"))
        h.ready(1, at: 1.3)
        #expect(h.log.contains("b ready again pid=104"))
        #expect([h.pid(0), h.pid(2)] == otherPIDs)
        #expect(h.launcher.signals.isEmpty)

        h.exit(1, .exited(code: 1), at: 2)
        #expect(h.log.contains("restarting in 0.5s"))
        h.supervisor.tick(now: h.at(2.5))
        h.exit(1, .exited(code: 1), at: 2.6)
        #expect(h.log.contains("b exited before it was ready pid=105 exit=1; restarting in 1s"))
    }

    @Test func backoffResetsAfterThirtySecondsUp() {
        let h = Harness()
        h.startAll()
        h.exit(2, at: 1)
        h.supervisor.tick(now: h.at(1.25))
        h.ready(2, at: 1.3)
        h.exit(2, at: 31.3)
        #expect(h.log.lines.last?.message.hasSuffix("restarting in 0.25s") == true)
    }

    @Test func restartedChildThatNeverGetsReadyIsStoppedAndRestartedAgain() {
        let h = Harness()
        h.startAll()
        h.exit(0, at: 1)
        h.supervisor.tick(now: h.at(1.25))
        let stuck = h.pid(0)
        h.supervisor.tick(now: h.at(31.25))
        #expect(h.launcher.signals.last! == (SIGTERM, stuck))
        #expect(h.supervisor.phase == .running)
        h.supervisor.tick(now: h.at(41.25))
        #expect(h.launcher.signals.last! == (SIGKILL, stuck))
        h.exit(0, .signaled(signal: SIGKILL, coreDumped: false), at: 41.3)
        #expect(h.supervisor.states[0] == .waitingToRestart(until: h.at(41.8)))
    }

    @Test func launchFailureOnRestartIsRetriedWithBackoff() {
        let h = Harness()
        h.startAll()
        h.exit(1, at: 1)
        h.launcher.failing = ["b"]
        h.supervisor.tick(now: h.at(1.25))
        #expect(h.supervisor.states[1] == .waitingToRestart(until: h.at(1.75)))
        #expect(h.supervisor.phase == .running)
    }
}

@Suite struct SupervisorStopTests {
    @Test func stopsInReverseStartOrderOneAtATime() {
        let h = Harness()
        h.startAll()
        h.supervisor.requestStop(signalName: "SIGTERM", now: h.at(1))
        #expect(h.signalled == ["SIGTERM c"])
        h.exit(2, at: 1.1)
        #expect(h.signalled == ["SIGTERM c", "SIGTERM b"])
        h.exit(1, at: 1.2)
        h.exit(0, at: 1.3)
        #expect(h.signalled == ["SIGTERM c", "SIGTERM b", "SIGTERM a"])
        #expect(h.supervisor.phase == .finished(exitCode: 0))
    }

    @Test func escalatesToSigkillAfterTheStopTimeout() {
        let h = Harness()
        h.startAll()
        h.supervisor.requestStop(signalName: "SIGINT", now: h.at(1))
        #expect(h.supervisor.nextDeadline == h.at(11))
        h.supervisor.tick(now: h.at(10.9))
        #expect(h.signalled == ["SIGTERM c"])
        h.supervisor.tick(now: h.at(11))
        #expect(h.signalled == ["SIGTERM c", "SIGKILL c"])
        h.exit(2, .signaled(signal: SIGKILL, coreDumped: false), at: 11.1)
        #expect(h.signalled.last == "SIGTERM b")
    }

    @Test func secondSignalKillsEverythingLeft() {
        let h = Harness()
        h.startAll()
        h.supervisor.requestStop(signalName: "SIGINT", now: h.at(1))
        h.supervisor.requestStop(signalName: "SIGINT", now: h.at(1.5))
        #expect(h.signalled == ["SIGTERM c", "SIGKILL a", "SIGKILL b", "SIGKILL c"])
        for index in [2, 0, 1] { h.exit(index, .signaled(signal: SIGKILL, coreDumped: false), at: 1.6) }
        #expect(h.supervisor.phase == .finished(exitCode: 0))
    }

    @Test func pendingRestartIsCancelledAndOtherExitsAreNotRestarted() {
        let h = Harness()
        h.startAll()
        h.exit(1, at: 1)
        h.supervisor.requestStop(signalName: "SIGTERM", now: h.at(1.1))
        #expect(h.supervisor.states[1] == .idle)
        h.exit(0, .exited(code: 2), at: 1.2)  // a dies on its own while c is being stopped
        h.supervisor.tick(now: h.at(5))
        #expect(h.launchedNames == ["a", "b", "c"])
        h.exit(2, at: 5.1)
        #expect(h.supervisor.phase == .finished(exitCode: 0))
        #expect(h.signalled == ["SIGTERM c"])
    }

    @Test func stopDuringStartupExitsZero() {
        let h = Harness()
        h.supervisor.start(now: h.at(0))
        h.supervisor.requestStop(signalName: "SIGTERM", now: h.at(0.05))
        h.exit(0, at: 0.1)
        #expect(h.supervisor.phase == .finished(exitCode: 0))
        #expect(h.launchedNames == ["a"])
    }
}
