import Testing
import Runtime

struct ReconnectBackoffTests {
    private func delays(_ backoff: inout ReconnectBackoff, _ count: Int) -> [Int] {
        (0..<count).map { _ in backoff.nextDelay() }
    }

    @Test func defaultBackoff_StartsAt50ms_DoublesAndCapsAtOneSecond() {
        var backoff = ReconnectBackoff()
        #expect(delays(&backoff, 8) == [50, 100, 200, 400, 800, 1_000, 1_000, 1_000])
    }

    @Test func customBackoff_CapsAtItsMaximumEvenWhenDoublingOvershoots() {
        var backoff = ReconnectBackoff(initialMilliseconds: 30, maximumMilliseconds: 100)
        #expect(delays(&backoff, 5) == [30, 60, 100, 100, 100])
    }

    @Test func reset_StartsOverFromTheInitialDelay() {
        var backoff = ReconnectBackoff(initialMilliseconds: 10, maximumMilliseconds: 1_000)
        _ = delays(&backoff, 4)
        backoff.reset()
        #expect(delays(&backoff, 3) == [10, 20, 40])
    }
}
