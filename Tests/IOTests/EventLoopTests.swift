import Dispatch
import Foundation
import Glibc
import Testing
import IO

struct EventLoopTests {
    @Test func execute_FromManyThreads_RunsEveryTaskExactlyOnceOnTheLoopThread() throws {
        try RunningLoop.with { running in
            let loop = running.loop
            let threads = 8, tasksPerThread = 500
            let runs = Locked([Int](repeating: 0, count: threads * tasksPerThread))
            let offLoopRuns = Locked(0)
            let submitters = (0..<threads).map { thread in
                BackgroundThread {
                    for task in 0..<tasksPerThread {
                        let index = thread * tasksPerThread + task
                        loop.execute {
                            if !loop.inLoop { offLoopRuns.increment() }
                            runs.withLock { $0[index] += 1 }
                        }
                    }
                }
            }
            #expect(submitters.allSatisfy { $0.join() })
            // Tasks run in submission order, so once this one ran, all did.
            try running.sync {}
            #expect(runs.value.allSatisfy { $0 == 1 })
            #expect(offLoopRuns.value == 0)
            #expect(!loop.inLoop)
        }
    }

    @Test func execute_FromInsideATask_RunsTheNestedTaskToo() throws {
        try RunningLoop.with { running in
            let loop = running.loop
            let nestedRan = Locked(false)
            try running.sync {
                loop.execute { nestedRan.set(loop.inLoop) }
            }
            #expect(eventually { nestedRan.value })
        }
    }

    @Test func timers_FireInDeadlineOrder_AndNeverBeforeTheirDelay() throws {
        try RunningLoop.with { running in
            let loop = running.loop
            // Keep waking the loop, so it often looks at timers that are
            // almost (but not yet) due: a timer must still wait its turn.
            let stopNoise = Locked(false)
            let noise = BackgroundThread {
                while !stopNoise.value {
                    loop.execute {}
                    usleep(300)
                }
            }
            defer {
                stopNoise.set(true)
                #expect(noise.join())
            }

            let delays = [40, 10, 30, 0, 20, 10, 25, 5, 35, 15]
            let scheduled = Locked<[(index: Int, deadline: UInt64)]>([])
            let fired = Locked<[(index: Int, at: UInt64, inLoop: Bool)]>([])
            try running.sync {
                for (index, delay) in delays.enumerated() {
                    // Read before `schedule` reads its own "now": a lower bound.
                    scheduled.append((index, MonotonicClock.now() + UInt64(delay) * 1_000_000))
                    loop.schedule(afterMilliseconds: delay) {
                        fired.append((index, MonotonicClock.now(), loop.inLoop))
                    }
                }
            }
            #expect(eventually { fired.value.count == delays.count })
            // Deadline order; equal delays keep scheduling order.
            let expectedOrder = scheduled.value.sorted { ($0.deadline, $0.index) < ($1.deadline, $1.index) }.map(\.index)
            #expect(fired.value.map(\.index) == expectedOrder)
            #expect(expectedOrder.prefix(3) == [3, 7, 1])
            for timer in fired.value {
                let earliest = scheduled.value.first { $0.index == timer.index }!.deadline
                #expect(timer.at >= earliest, "timer \(timer.index) fired \(Double(earliest - timer.at) / 1e6) ms early")
                #expect(timer.inLoop)
            }
        }
    }

    @Test func timer_ScheduledWhileTheLoopIsIdle_WakesItUp() throws {
        try RunningLoop.with { running in
            let loop = running.loop
            // Let the loop block in epoll_wait with no timeout first.
            usleep(20_000)
            let fired = Locked(false)
            let scheduledAt = MonotonicClock.now()
            try running.sync {
                loop.schedule(afterMilliseconds: 30) { fired.set(true) }
            }
            #expect(eventually(timeoutMilliseconds: 2_000) { fired.value })
            #expect(millisecondsSince(scheduledAt) >= 30)
        }
    }

    @Test func cancelledTimer_NeverFires() throws {
        try RunningLoop.with { running in
            let loop = running.loop
            let cancelledFired = Locked(false)
            let laterFired = Locked(false)
            try running.sync {
                let doomed = loop.schedule(afterMilliseconds: 10) { cancelledFired.set(true) }
                loop.schedule(afterMilliseconds: 60) { laterFired.set(true) }
                loop.cancel(doomed)
            }
            #expect(eventually { laterFired.value })
            #expect(!cancelledFired.value)
        }
    }

    @Test func timerCancelledByAnEarlierTimerInTheSameBatch_NeverFires() throws {
        try RunningLoop.with { running in
            let loop = running.loop
            let secondFired = Locked(false)
            let sentinelFired = Locked(false)
            try running.sync {
                var second: TimerID?
                loop.schedule(afterMilliseconds: 5) {
                    if let second { loop.cancel(second) }
                }
                second = loop.schedule(afterMilliseconds: 6) { secondFired.set(true) }
                loop.schedule(afterMilliseconds: 40) { sentinelFired.set(true) }
                // Hold the loop so both timers are due in one iteration.
                usleep(20_000)
            }
            #expect(eventually { sentinelFired.value })
            #expect(!secondFired.value)
        }
    }

    @Test func stop_FromAnotherThread_MakesRunReturn() throws {
        let loop = try EventLoop(name: "stop-test")
        let returned = DispatchSemaphore(value: 0)
        Thread {
            loop.run()
            returned.signal()
        }.start()
        usleep(20_000) // blocked in epoll_wait with no timers
        loop.stop()
        #expect(returned.wait(timeout: .now() + 5) == .success)
        #expect(!loop.inLoop)
    }

    @Test func stop_FromATaskOnTheLoop_MakesRunReturn() throws {
        let loop = try EventLoop(name: "stop-inside-test")
        let returned = DispatchSemaphore(value: 0)
        Thread {
            loop.run()
            returned.signal()
        }.start()
        loop.execute { loop.stop() }
        #expect(returned.wait(timeout: .now() + 5) == .success)
    }

    @Test func tasksSubmittedBeforeStop_RunBeforeRunReturns() throws {
        let loop = try EventLoop(name: "stop-drain-test")
        let ran = Locked(0)
        for _ in 0..<100 { loop.execute { ran.increment() } }
        loop.stop()
        let returned = DispatchSemaphore(value: 0)
        Thread {
            loop.run()
            returned.signal()
        }.start()
        #expect(returned.wait(timeout: .now() + 5) == .success)
        #expect(ran.value == 100)
    }
}
