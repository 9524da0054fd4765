import IO
import Runtime
import Testing

struct LoopThreadsTests {
    struct SetUpFailed: Error, Equatable { let index: Int }

    @Test func start_RunsEachSetUpOnItsLoopsThread_InOrder() throws {
        try RunningLoop.with { running in
            let threads = try LoopThreads(main: running.loop, count: 3, namePrefix: "lt")
            #expect(threads.loops.count == 3)
            #expect(threads.main === running.loop)
            #expect(threads.loops.map(\.name).dropFirst() == ["lt-1", "lt-2"])
            let calls = Locked<[(index: Int, onItsLoop: Bool)]>([])
            let loops = threads.loops
            // Like ServiceProcess.run's set-up: on the main loop's thread.
            try running.sync {
                try threads.start { index in calls.append((index, loops[index].inLoop)) }
            }
            #expect(calls.value.map(\.index) == [0, 1, 2])
            #expect(calls.value.allSatisfy { $0.onItsLoop })
            try shutDown(threads, running)
        }
    }

    @Test func start_RethrowsTheFirstSetUpError_AndStopsTheLoopsItStarted() throws {
        try RunningLoop.with { running in
            let threads = try LoopThreads(main: running.loop, count: 4, namePrefix: "lt-fail")
            let reached = Locked<[Int]>([])
            #expect(throws: SetUpFailed(index: 2)) {
                try running.sync {
                    try threads.start { index in
                        reached.append(index)
                        if index >= 2 { throw SetUpFailed(index: index) }
                    }
                }
            }
            // Loop 3 never started; loops 1 and 2 were stopped.
            #expect(reached.value == [0, 1, 2])
            #expect(threads.waitForExtraThreads())
        }
    }

    @Test func shutdown_DrainsEveryLoopOnItsThread_ThenStopsThem_AndCallsDoneOnTheMainLoop() throws {
        try RunningLoop.with { running in
            let threads = try LoopThreads(main: running.loop, count: 3, namePrefix: "lt-drain")
            try running.sync { try threads.start { _ in } }
            try shutDown(threads, running)
        }
    }

    /// Shuts `threads` down with drains that finish late and out of order,
    /// checking each drain's thread and that `done` comes last, once.
    private func shutDown(_ threads: LoopThreads, _ running: RunningLoop) throws {
        let loops = threads.loops
        let drained = Locked<[Int]>([])
        let drainOffLoop = Locked(0)
        let doneCalls = Locked<[(drainedBefore: Int, onMain: Bool)]>([])
        try running.sync {
            threads.shutdown(drain: { index, finished in
                if !loops[index].inLoop { drainOffLoop.increment() }
                // Finish in reverse order: loop 0 last.
                loops[index].schedule(afterMilliseconds: 30 * (loops.count - index)) {
                    drained.append(index)
                    finished()
                }
            }, done: {
                doneCalls.append((drained.value.count, loops[0].inLoop))
            })
        }
        #expect(eventually { !doneCalls.value.isEmpty })
        #expect(threads.waitForExtraThreads())
        #expect(drainOffLoop.value == 0)
        #expect(Set(drained.value) == Set(loops.indices))
        #expect(doneCalls.value.count == 1)
        #expect(doneCalls.value.first?.drainedBefore == loops.count)
        #expect(doneCalls.value.first?.onMain == true)
    }
}
