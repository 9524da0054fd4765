import Testing
@testable import gamenight_run

@Suite struct RestartBackoffTests {
    @Test func delaysDoubleFromAQuarterSecondUpToTenSeconds() {
        var backoff = RestartBackoff()
        let delays = (0..<8).map { _ in backoff.nextDelay(afterUptime: .zero) }
        #expect(delays == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(4),
                           .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test func staysAtTheCapAfterManyFailures() {
        var backoff = RestartBackoff()
        for _ in 0..<1000 { _ = backoff.nextDelay(afterUptime: .seconds(1)) }
        #expect(backoff.nextDelay(afterUptime: .zero) == .seconds(10))
    }

    @Test func resetsAfterTheChildStayedUpThirtySeconds() {
        var backoff = RestartBackoff()
        _ = backoff.nextDelay(afterUptime: .zero)
        _ = backoff.nextDelay(afterUptime: .zero)
        #expect(backoff.nextDelay(afterUptime: .seconds(29)) == .seconds(1))
        #expect(backoff.nextDelay(afterUptime: .seconds(30)) == .milliseconds(250))
        #expect(backoff.consecutiveFailures == 1)
    }

    @Test func customPolicy() {
        let policy = RestartBackoff.Policy(initial: .seconds(1), maximum: .seconds(3), resetAfter: .seconds(5))
        #expect((0..<4).map(policy.delay(forAttempt:)) == [.seconds(1), .seconds(2), .seconds(3), .seconds(3)])
    }
}
