import Glibc
import Runtime
import Testing
@testable import gamenight_run

@Suite struct TerminationStatusTests {
    @Test func decodesNormalExit() {
        #expect(TerminationStatus(waitStatus: 0) == .exited(code: 0))
        #expect(TerminationStatus(waitStatus: 3 << 8) == .exited(code: 3))
        #expect(TerminationStatus(waitStatus: 3 << 8).description == "exit=3")
    }

    @Test func decodesSignals() {
        #expect(TerminationStatus(waitStatus: SIGKILL) == .signaled(signal: SIGKILL, coreDumped: false))
        #expect(TerminationStatus(waitStatus: SIGSEGV | 0x80) == .signaled(signal: SIGSEGV, coreDumped: true))
        #expect(TerminationStatus(waitStatus: SIGSEGV | 0x80).description == "signal=SIGSEGV core-dumped")
    }

    @Test func cleanStopIsExitZeroOrSigterm() {
        #expect(TerminationStatus.exited(code: 0).isCleanStop)
        #expect(TerminationStatus.signaled(signal: SIGTERM, coreDumped: false).isCleanStop)
        #expect(!TerminationStatus.exited(code: 1).isCleanStop)
        #expect(!TerminationStatus.signaled(signal: SIGKILL, coreDumped: false).isCleanStop)
    }
}

@Suite struct TimeTextTests {
    @Test func secondsText() {
        #expect(Duration.milliseconds(250).secondsText == "0.25s")
        #expect(Duration.seconds(10).secondsText == "10s")
        #expect(Duration.milliseconds(1500).secondsText == "1.5s")
        #expect(Duration.milliseconds(2).secondsText == "0.002s")
    }

    @Test func pollTimeoutRoundsUpAndHandlesPastAndMissingDeadlines() {
        let now = ContinuousClock.now
        #expect(pollTimeout(until: nil, now: now) == -1)
        #expect(pollTimeout(until: now - .seconds(1), now: now) == 0)
        #expect(pollTimeout(until: now + .microseconds(1), now: now) == 1)
        #expect(pollTimeout(until: now + .milliseconds(250), now: now) == 250)
        #expect(pollTimeout(until: now + .seconds(100_000_000), now: now) == Int32.max)
    }

    @Test func watchdogPingsEveryHalfIntervalOnlyForItsPid() {
        let now = ContinuousClock.now
        let others = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "\(getpid() + 1)"])
        #expect(WatchdogSchedule(intervalNanoseconds: others.watchdogIntervalNanoseconds, now: now) == nil)
        let ours = SystemdNotifier(environment: ["WATCHDOG_USEC": "20000000", "WATCHDOG_PID": "\(getpid())"])
        var schedule = WatchdogSchedule(intervalNanoseconds: ours.watchdogIntervalNanoseconds, now: now)
        #expect(schedule?.interval == .seconds(10))
        #expect(schedule?.isDue(now: now) == true)
        #expect(schedule?.isDue(now: now + .seconds(9)) == false)
        #expect(schedule?.isDue(now: now + .seconds(10)) == true)
        #expect(WatchdogSchedule(intervalNanoseconds: SystemdNotifier(environment: [:]).watchdogIntervalNanoseconds,
                                 now: now) == nil)
    }
}
