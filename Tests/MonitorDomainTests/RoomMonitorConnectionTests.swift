import Contracts
import JSON
import Testing
@testable import monitor_service

/// Drops, reconnects, back-off and giving up.
@Suite struct RoomMonitorConnectionTests {
    @Test func aDropLooksTheRoomUpAgainThenReconnectsToTheSameSlot() {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))
        #expect(machine.handle(.socketClosed).summaries == ["schedule 1000"])
        #expect(machine.feed(Frame.connected(3, "Bob")) == [])  // a late frame from the dead socket
        #expect(machine.handle(.socketClosed) == [])
        #expect(machine.handle(.reconnectDue).summaries == ["lookup \(lookupURL)"])
        #expect(machine.handle(.reconnectDue) == [])
        #expect(machine.handle(.lookupSucceeded(drawful)).summaries == ["connect \(slotURL)"])
        #expect(machine.handle(.socketOpened) == [])
        // The reconnect welcome: no second room.connected; Bob, new, is announced.
        let effects = machine.feed(Frame.welcome(reconnect: true, players: [(2, "Alice"), (3, "Bob")]))
        #expect(effects.summaries == ["emit lobby.player-joined", "update 2 monitoring -", "persist"])
        #expect(effects.event("lobby.player-joined")?.data["playerName"] == "Bob")
        // The welcome reset the back-off.
        #expect(machine.failedAttempts == 0)
        #expect(machine.handle(.socketClosed).summaries == ["schedule 1000"])
    }

    @Test func aReconnectWelcomeMayCarryANewSlot() {
        var machine = makeMachine()
        _ = machine.connect()
        _ = machine.handle(.socketClosed)
        _ = machine.handle(.reconnectDue)
        _ = machine.handle(.lookupSucceeded(drawful))
        #expect(machine.feed(Frame.welcome(id: 9, secret: "new&secret", reconnect: true)).summaries == ["persist"])
        _ = machine.handle(.socketClosed)
        _ = machine.handle(.reconnectDue)
        #expect(machine.handle(.lookupSucceeded(drawful)).summaries
            == ["connect \(freshURL)&secret=new%26secret&id=9"])
    }

    @Test func theRoomChangesWhileWeWereAway() {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))
        _ = machine.handle(.socketClosed)
        _ = machine.handle(.reconnectDue)
        _ = machine.handle(.lookupSucceeded(drawful))
        let effects = machine.feed(Frame.welcome(reconnect: true, players: [(2, "Alice")], room: playing(), version: 9))
        #expect(effects.summaries == ["emit game.started", "update 1 monitoring -", "persist"])
    }

    @Test func aFourOhFourAfterADropMeansTheRoomClosed() {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))
        _ = machine.handle(.socketClosed)
        _ = machine.handle(.reconnectDue)
        let effects = machine.handle(.lookupFailed(.notFound))
        #expect(effects.summaries == ["update - failed played", "emit room.disconnected", "finished room_closed"])
        #expect(effects.event("room.disconnected")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "reason": "room_closed", "finalPlayerCount": 1,
        ])
    }

    @Test func aFourOhFourAfterADropMidGameCompletesTheCount() {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice"), (3, "Bob")], room: playing()))
        _ = machine.handle(.socketClosed)
        _ = machine.handle(.reconnectDue)
        #expect(machine.handle(.lookupFailed(.notFound)).summaries
            == ["update 2 completed played", "emit player-count.updated", "emit room.disconnected", "finished room_closed"])
    }

    @Test func dropsExhaustingTheBackOffGiveUp() throws {
        var machine = makeMachine(delays: [10, 20, 30])
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))
        #expect(machine.handle(.socketClosed).summaries == ["schedule 10"])
        _ = machine.handle(.reconnectDue)
        _ = machine.handle(.lookupSucceeded(drawful))
        #expect(machine.handle(.socketClosed).summaries == ["schedule 20"])  // the connect failed
        _ = machine.handle(.reconnectDue)
        #expect(machine.handle(.lookupFailed(.transient)).summaries == ["schedule 30"])
        _ = machine.handle(.reconnectDue)
        _ = machine.handle(.lookupSucceeded(drawful))
        _ = machine.handle(.socketOpened)
        let effects = machine.handle(.socketClosed)
        #expect(effects.summaries == ["update - failed -", "emit room.disconnected", "finished connection_failed"])
        #expect(effects.event("room.disconnected")?.data["finalPlayerCount"] == 1)
        #expect(machine.handle(.reconnectDue) == [])
    }

    @Test func aFailingFirstLookupRetriesThenGivesUp() {
        var machine = makeMachine(delays: [5])
        _ = machine.handle(.start)
        #expect(machine.handle(.lookupFailed(.transient)).summaries == ["schedule 5"])
        #expect(machine.handle(.reconnectDue).summaries == ["lookup \(lookupURL)"])
        #expect(machine.handle(.lookupFailed(.transient)).summaries
            == ["update - failed -", "emit room.disconnected", "finished connection_failed"])
    }

    @Test func aFirstLookupFailureThenAFourOhFourIsNotFound() {
        var machine = makeMachine()
        _ = machine.handle(.start)
        _ = machine.handle(.lookupFailed(.transient))
        _ = machine.handle(.reconnectDue)
        #expect(machine.handle(.lookupFailed(.notFound)).summaries.last == "finished room_not_found")
    }

    @Test func anEmptyScheduleGivesUpAtOnce() {
        var machine = makeMachine(delays: [])
        _ = machine.connect()
        #expect(machine.handle(.socketClosed).summaries.last == "finished connection_failed")
    }

    @Test func theFirstConnectionFailingIsRetriedFromTheLookup() {
        var machine = makeMachine()
        _ = machine.handle(.start)
        _ = machine.handle(.lookupSucceeded(drawful))
        #expect(machine.handle(.socketClosed).summaries == ["schedule 1000"])
        _ = machine.handle(.reconnectDue)
        // Never welcomed: still a fresh slot, and still "not found" on a 404.
        #expect(machine.handle(.lookupSucceeded(drawful)).summaries == ["connect \(freshURL)"])
        _ = machine.handle(.socketClosed)
        _ = machine.handle(.reconnectDue)
        #expect(machine.handle(.lookupFailed(.notFound)).summaries.last == "finished room_not_found")
    }

    @Test func recountsUseAFreshSlotAndOnlyWhileWatching() {
        var machine = makeMachine()
        #expect(machine.handle(.recountDue) == [])
        _ = machine.connect()
        #expect(machine.handle(.recountDue).summaries == ["recount \(freshURL)"])
        _ = machine.handle(.socketClosed)
        #expect(machine.handle(.recountDue) == [])
        // A recount that was already under way still counts.
        #expect(machine.handle(.recounted([EcastPlayer(id: 4, name: "Dee")])).events.map(\.type)
            == ["lobby.player-joined"])
    }
}
