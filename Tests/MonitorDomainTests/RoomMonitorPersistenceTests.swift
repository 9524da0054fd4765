import Contracts
import JSON
import Testing
@testable import monitor_service

/// `toJSON()` / `init(json:)` and resuming after a crash without repeats.
@Suite struct RoomMonitorPersistenceTests {
    static let configuration = RoomMonitorConfiguration(ecastBaseURL: ecastBase)

    /// Connected with Alice and Bob, Cy known by name only, game started.
    static func busyMachine() -> RoomMonitorMachine {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))
        _ = machine.feed(Frame.connected(3, "Bob"))
        _ = machine.feed(Frame.descriptions([("join", "Cy joined.")], version: 4))
        _ = machine.feed(Frame.room(playing(), version: 11))
        return machine
    }

    /// Simulates a crash: the stored text is all that survives.
    static func restore(_ machine: RoomMonitorMachine) throws -> RoomMonitorMachine {
        let stored = machine.toJSON().jsonString
        return try #require(RoomMonitorMachine(json: try JSONValue.parse(stored), configuration: configuration))
    }

    @Test func theStoredShapeIsExplicit() {
        let json = Self.busyMachine().toJSON()
        #expect(json == [
            "format": 1, "sessionId": 3, "gameId": 17, "roomCode": "LSBN",
            "room": ["code": "LSBN", "appTag": "drawful2international", "host": .string(shardHost), "maxPlayers": 8,
                     "minPlayers": 3, "locked": false, "full": false],
            "slot": ["id": 7, "secret": "s3cr3t"],
            "players": [["id": 2, "name": "Alice"], ["id": 3, "name": "Bob"], ["id": nil, "name": "Cy"]],
            "roomState": ["state": "Gameplay", "lobbyState": nil, "gameCanStart": nil, "gameIsStarting": nil,
                          "gameFinished": nil],
            "versions": ["bc:room": 11, "textDescriptions": 4],
            "connectedAnnounced": true, "gameStarted": true, "gameFinished": false, "finishedReason": nil,
        ])
    }

    @Test func roundTripKeepsTheDurableState() throws {
        for machine in [makeMachine(), Self.busyMachine()] {
            let restored = try Self.restore(machine)
            #expect(restored.state == machine.state)
            #expect(restored.toJSON() == machine.toJSON())
            #expect(restored.phase == .idle)
            #expect(restored.failedAttempts == 0)
        }
    }

    @Test func resumingReconnectsToTheSavedSlotAndRepeatsNothing() throws {
        var machine = try Self.restore(Self.busyMachine())
        #expect(machine.handle(.start).summaries == ["lookup \(lookupURL)"])
        #expect(machine.handle(.lookupSucceeded(drawful)).summaries == ["connect \(slotURL)"])
        _ = machine.handle(.socketOpened)
        // Alice, Bob and Cy (now with an id) are known; only Dee is new. The
        // room entity's version is the saved one: ignored, so no second start.
        let effects = machine.feed(Frame.welcome(reconnect: true, players: [(2, "Alice"), (3, "Bob"), (4, "Cy"),
                                                                            (5, "Dee")],
                                                 room: playing(), version: 11))
        #expect(effects.summaries == ["emit lobby.player-joined", "update 4 monitoring -", "persist"])
        #expect(effects.event("lobby.player-joined")?.data["playerName"] == "Dee")
        #expect(machine.feed(Frame.connected(3, "Bob")) == [])
        #expect(machine.feed(Frame.descriptions([("join", "Cy joined.")], version: 4)) == [])
        #expect(machine.feed(Frame.room(playing("Gameplay_Round"), version: 12)).events.isEmpty)
        #expect(machine.feed(Frame.room(lobby("PostGame"), version: 13)).summaries
            == ["emit game.ended", "update 4 completed played", "emit player-count.updated", "close",
                "emit room.disconnected", "finished game_ended"])
    }

    @Test func aGameThatEndedDuringTheOutageEndsOnResume() throws {
        var machine = try Self.restore(Self.busyMachine())
        _ = machine.handle(.start)
        _ = machine.handle(.lookupSucceeded(drawful))
        let effects = machine.feed(Frame.welcome(reconnect: true, players: [(2, "Alice"), (3, "Bob")],
                                                 room: lobby("PostGame"), version: 20))
        #expect(effects.events.map(\.type) == ["game.ended", "player-count.updated", "room.disconnected"])
    }

    @Test func aRoomThatClosedDuringTheOutageIsClosed() throws {
        var machine = try Self.restore(Self.busyMachine())
        _ = machine.handle(.start)
        #expect(machine.handle(.lookupFailed(.notFound)).summaries
            == ["update 3 completed played", "emit player-count.updated", "emit room.disconnected",
                "finished room_closed"])
    }

    @Test func aMonitorStoredBeforeItsFirstWelcomeStillAnnouncesTheRoom() throws {
        var machine = makeMachine()
        _ = machine.handle(.start)
        _ = machine.handle(.lookupSucceeded(drawful))
        var restored = try Self.restore(machine)
        _ = restored.handle(.start)
        #expect(restored.handle(.lookupSucceeded(drawful)).summaries == ["connect \(freshURL)"])
        #expect(restored.feed(Frame.welcome()).events.map(\.type) == ["room.connected"])
    }

    @Test func aFinishedMonitorStaysFinished() throws {
        var machine = makeMachine()
        _ = machine.connect()
        _ = machine.handle(.stop(.manual))
        var restored = try Self.restore(machine)
        #expect(restored.isFinished)
        #expect(restored.phase == .finished)
        #expect(restored.toJSON()["finishedReason"] == "manually_stopped")
        #expect(restored.handle(.start) == [])
    }

    @Test func unreadableStateIsRefused() {
        let good = Self.busyMachine().toJSON()
        #expect(RoomMonitorMachine(json: good, configuration: Self.configuration) != nil)
        for broken: JSONValue in [nil, [], "x", [:], ["format": 2, "sessionId": 3, "gameId": 17, "roomCode": "LSBN"],
                                  ["format": 1, "gameId": 17, "roomCode": "LSBN"],
                                  ["format": 1, "sessionId": 3, "gameId": "17", "roomCode": "LSBN"]] {
            #expect(RoomMonitorMachine(json: broken, configuration: Self.configuration) == nil)
        }
        // The minimum is the target; the rest reads as "not yet".
        let minimal = RoomMonitorMachine(json: ["format": 1, "sessionId": 3, "gameId": 17, "roomCode": "LSBN",
                                                "players": [["name": 5], "x", ["id": 2, "name": "Al"]],
                                                "versions": ["bc:room": "x", "room": 4], "slot": ["id": 1]],
                                         configuration: Self.configuration)
        #expect(minimal?.state.roster.players == [EcastPlayer(id: 2, name: "Al")])
        #expect(minimal?.state.versions == ["room": 4])
        #expect(minimal?.state.slot == nil)
        #expect(minimal?.state.connectedAnnounced == false)
    }
}
