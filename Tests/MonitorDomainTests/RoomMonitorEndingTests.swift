import Contracts
import JSON
import Testing
@testable import monitor_service

/// Endings other than the game's own: not found, room closed, rejected, stopped.
@Suite struct RoomMonitorEndingTests {
    @Test func roomNotFound() {
        var machine = makeMachine()
        _ = machine.handle(.start)
        let effects = machine.handle(.lookupFailed(.notFound))
        #expect(effects.summaries == ["update - failed -", "emit room.disconnected", "finished room_not_found"])
        #expect(effects.event("room.disconnected")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "reason": "room_not_found", "finalPlayerCount": 0,
        ])
        #expect(machine.handle(.start) == [])
    }

    @Test func roomExitBeforeTheStart() {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice"), (3, "Bob")]))
        let effects = machine.feed(Frame.exit())
        #expect(effects.summaries == ["update - failed played", "close", "emit room.disconnected", "finished room_closed"])
        #expect(effects.event("room.disconnected")?.data["finalPlayerCount"] == 2)
        #expect(machine.handle(.socketClosed) == [])
        #expect(machine.handle(.lookupFailed(.notFound)) == [])
    }

    @Test func roomExitAfterTheStart() {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice"), (3, "Bob")]))
        _ = machine.feed(Frame.room(playing(), version: 6))
        let effects = machine.feed(Frame.exit(cause: 2))
        #expect(effects.summaries == ["update 2 completed played", "emit player-count.updated", "close",
                                      "emit room.disconnected", "finished room_closed"])
        #expect(!effects.events.contains { $0.type == "game.ended" })
    }

    @Test func roomExitBeforeTheWelcome() {
        var machine = makeMachine()
        _ = machine.handle(.start)
        _ = machine.handle(.lookupSucceeded(drawful))
        #expect(machine.feed(Frame.exit()).summaries
            == ["update - failed played", "close", "emit room.disconnected", "finished room_closed"])
    }

    @Test func noSuchRoleIsRoleRejected() {
        var machine = makeMachine()
        _ = machine.handle(.start)
        _ = machine.handle(.lookupSucceeded(drawful))
        _ = machine.handle(.socketOpened)
        let effects = machine.feed(Frame.error(2014, "no such role"))
        #expect(effects.summaries == ["update - failed -", "close", "emit room.disconnected", "finished role_rejected"])
        #expect(effects.event("room.disconnected")?.data["reason"] == "role_rejected")
    }

    @Test(arguments: [2017, 2023, 1000] as [Int64])
    func otherErrorsAreNotFatal(code: Int64) {
        var machine = makeMachine()
        _ = machine.connect()
        #expect(machine.feed(Frame.error(code)) == [])
        #expect(machine.phase == .watching)
    }

    @Test(arguments: StopReason.allCases)
    func stoppingWhileWatching(reason: StopReason) {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))
        let effects = machine.handle(.stop(reason))
        #expect(effects.summaries == ["update - stopped -", "close", "emit room.disconnected",
                                      "finished manually_stopped"])
        #expect(effects.event("room.disconnected")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "reason": "manually_stopped", "finalPlayerCount": 1,
        ])
        #expect(machine.handle(.stop(reason)) == [])
    }

    @Test func stoppingWithoutASocketClosesNothing() {
        var idle = makeMachine()
        #expect(idle.handle(.stop(.manual)).summaries
            == ["update - stopped -", "emit room.disconnected", "finished manually_stopped"])
        var waiting = makeMachine()
        _ = waiting.connect()
        _ = waiting.handle(.socketClosed)
        #expect(!waiting.handle(.stop(.sessionClosed)).summaries.contains("close"))
        var lookingUp = makeMachine()
        _ = lookingUp.handle(.start)
        #expect(!lookingUp.handle(.stop(.gameRemoved)).summaries.contains("close"))
        // A lookup answer that arrives after the stop is ignored.
        #expect(lookingUp.handle(.lookupSucceeded(drawful)) == [])
    }
}
