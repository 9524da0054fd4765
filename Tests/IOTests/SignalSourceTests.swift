import Glibc
import Testing
import IO

struct SignalSourceTests {
    @Test func signalRaisedOnTheLoopThread_IsDeliveredThroughTheLoop() throws {
        try RunningLoop.with { running in
            let loop = running.loop
            let delivered = Locked<[Int32]>([])
            let source = try running.sync {
                // Blocked in this (the loop's) thread only, and raised at this
                // thread: the signal stays pending here, for signalfd to read.
                SignalSource.blockInThisThread([SIGUSR2])
                let source = try SignalSource(loop: loop, signals: [SIGUSR2]) { signal in
                    delivered.append(signal)
                }
                raise(SIGUSR2)
                return source
            }
            #expect(eventually { delivered.value == [SIGUSR2] })
            try running.sync { source.close() }
        }
    }
}
