import Testing
@testable import gamenight_run

@Suite struct NotifyMessageTests {
    private func parse(_ text: String) -> NotifyMessage? {
        NotifyMessage(parsing: Array(text.utf8))
    }

    @Test func readyWithStatus() throws {
        let message = try #require(parse("READY=1\nSTATUS=listening on 5000\n"))
        #expect(message.isReady)
        #expect(message.status == "listening on 5000")
        #expect(!message.isStopping)
    }

    @Test func onlyTheExactValueOneMeansReady() throws {
        #expect(try #require(parse("READY=0")).isReady == false)
        #expect(try #require(parse("READY=1 ")).isReady == false)
        #expect(try #require(parse("READY=1")).isReady)
    }

    @Test func valueKeepsEqualsSignsAndTheLastAssignmentWins() throws {
        let message = try #require(parse("STATUS=a=b\nSTATUS=c=d"))
        #expect(message.status == "c=d")
        #expect(message.assignments.count == 2)
    }

    @Test func skipsLinesWithoutKeyOrEquals() throws {
        let message = try #require(parse("\n\ngarbage\n=nokey\nSTOPPING=1\nWATCHDOG=1"))
        #expect(message.assignments.map(\.key) == ["STOPPING", "WATCHDOG"])
        #expect(message.isStopping)
        #expect(message.isWatchdogPing)
    }

    @Test func rejectsEmbeddedNul() {
        #expect(NotifyMessage(parsing: Array("READY=1\u{0}".utf8)) == nil)
    }

    @Test func errnoIsNumeric() throws {
        #expect(try #require(parse("ERRNO=2")).errorNumber == 2)
        #expect(try #require(parse("ERRNO=x")).errorNumber == nil)
    }

    @Test func invalidUTF8DoesNotCrash() throws {
        let message = try #require(NotifyMessage(parsing: [0x53, 0x54, 0x41, 0x54, 0x55, 0x53, 0x3d, 0xff, 0xfe]))
        #expect(message.status != nil)
    }
}
