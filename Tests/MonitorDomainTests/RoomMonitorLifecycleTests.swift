import Contracts
import JSON
import Testing
@testable import monitor_service

/// The happy path, step by step, with exact effect sequences and payloads.
@Suite struct RoomMonitorLifecycleTests {
    @Test func connectingAnnouncesTheRoomOnce() throws {
        var machine = makeMachine()
        #expect(machine.handle(.start).summaries == ["lookup \(lookupURL)"])
        #expect(machine.handle(.start) == [])
        #expect(machine.handle(.lookupSucceeded(drawful)).summaries == ["connect \(freshURL)", "persist"])
        #expect(machine.handle(.socketOpened) == [])
        #expect(machine.phase == .awaitingWelcome)
        let effects = machine.feed(Frame.welcome(players: [(2, "Alice")], room: lobby("WaitingForMore")))
        #expect(effects.summaries == ["emit room.connected", "update 1 monitoring -", "persist"])
        let event = try #require(effects.event("room.connected"))
        #expect(event.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "appTag": "drawful2international", "maxPlayers": 8,
            "playerCount": 1, "players": ["Alice"], "lobbyState": "WaitingForMore", "gameState": "Lobby",
        ])
        #expect(event.data.keys == ["sessionId", "gameId", "roomCode", "appTag", "maxPlayers", "playerCount", "players",
                                    "lobbyState", "gameState"])
        #expect(machine.phase == .watching)
        #expect(machine.state.slot == RoomMonitorState.Slot(id: 7, secret: "s3cr3t"))
    }

    @Test func fullLifecycleWithEveryJoinSource() throws {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))

        // 1. client/connected
        var effects = machine.feed(Frame.connected(3, "Bob"))
        #expect(effects.summaries == ["emit lobby.player-joined", "update 2 monitoring -", "persist"])
        #expect(effects.event("lobby.player-joined")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "playerName": "Bob", "playerCount": 2,
            "players": ["Alice", "Bob"], "maxPlayers": 8,
        ])
        #expect(machine.feed(Frame.connected(3, "Bob")) == [])
        #expect(machine.feed(Frame.connected(9, "viewer", role: "audience")) == [])
        #expect(machine.feed(Frame.disconnected(3)) == [])

        // 2. textDescriptions (name only); repeats and known names announce nothing
        effects = machine.feed(Frame.descriptions([("join", "Cy joined."), ("misc", "Round 1")], version: 1))
        #expect(effects.summaries == ["emit lobby.player-joined", "update 3 monitoring -", "persist"])
        #expect(effects.event("lobby.player-joined")?.data["playerName"] == "Cy")
        #expect(machine.feed(Frame.descriptions([("join", "Cy joined."), ("join", "Bob joined.")], version: 2)).summaries
            == ["persist"])

        // 3. a recount: Cy gains an id, Dee is new
        #expect(machine.handle(.recountDue).summaries == ["recount \(freshURL)"])
        effects = machine.handle(.recounted([EcastPlayer(id: 2, name: "Alice"), EcastPlayer(id: 3, name: "Bob"),
                                             EcastPlayer(id: 4, name: "Cy"), EcastPlayer(id: 5, name: "Dee")]))
        #expect(effects.summaries == ["emit lobby.player-joined", "update 4 monitoring -", "persist"])
        #expect(effects.event("lobby.player-joined")?.data["players"] == ["Alice", "Bob", "Cy", "Dee"])
        #expect(machine.state.roster.players.map(\.id) == [2, 3, 4, 5])

        // Lobby updates only when the lobby fields change.
        effects = machine.feed(Frame.room(lobby("CanStart", canStart: true), version: 6))
        #expect(effects.summaries == ["emit lobby.updated", "persist"])
        #expect(effects.event("lobby.updated")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "lobbyState": "CanStart", "gameCanStart": true,
            "gameIsStarting": false, "playerCount": 4,
        ])
        var sameLobby = lobby("CanStart", canStart: true)
        sameLobby = .object((sameLobby.objectValue ?? [:]).merging(["activeContentId": 12]))
        #expect(machine.feed(Frame.room(sameLobby, version: 7)).summaries == ["persist"])
        #expect(machine.feed(Frame.room(lobby("Countdown", canStart: true, starting: true), version: 8)).events
            .map(\.type) == ["lobby.updated"])
        #expect(machine.feed(Frame.room(lobby("CanStart", canStart: true), version: 9)).events.map(\.type)
            == ["lobby.updated"])

        // Start.
        effects = machine.feed(Frame.room(playing("Gameplay"), version: 10))
        #expect(effects.summaries == ["emit game.started", "update 4 monitoring -", "persist"])
        #expect(effects.event("game.started")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "playerCount": 4,
            "players": ["Alice", "Bob", "Cy", "Dee"], "maxPlayers": 8,
        ])
        #expect(machine.feed(Frame.room(playing("Gameplay_Round"), version: 11)).summaries == ["persist"])

        // End: the exact order.
        effects = machine.feed(Frame.room(playing("Gameplay", lobbyState: "PostGame"), version: 12))
        #expect(effects.summaries == ["emit game.ended", "update 4 completed played", "emit player-count.updated",
                                      "close", "emit room.disconnected", "finished game_ended"])
        #expect(effects.event("game.ended")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "playerCount": 4, "players": ["Alice", "Bob", "Cy", "Dee"],
        ])
        #expect(effects.event("player-count.updated")?.data == [
            "sessionId": 3, "gameId": 17, "playerCount": 4, "status": "completed",
        ])
        #expect(effects.event("room.disconnected")?.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "reason": "game_ended", "finalPlayerCount": 4,
        ])

        // Nothing after the end.
        #expect(machine.isFinished)
        for input: RoomMonitorInput in [.socketClosed, .reconnectDue, .recountDue, .start, .stop(.manual),
                                        .received(.roomExit(cause: 1)), .recounted([EcastPlayer(id: 8, name: "Z")])] {
            #expect(machine.handle(input) == [])
        }
    }

    @Test(arguments: [
        playing("Gameplay", lobbyState: "PostGame"), playing("Gameplay", lobbyState: "PostGameCountdown"),
        ["state": "Gameplay_Round", "gameFinished": true], lobby("WaitingForMore"), ["state": "Lobby"],
    ] as [JSONValue])
    func everyEndSignalEndsAStartedGame(end: JSONValue) {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice"), (3, "Bob")]))
        _ = machine.feed(Frame.room(playing(), version: 6))
        #expect(machine.feed(Frame.room(end, version: 7)).summaries
            == ["emit game.ended", "update 2 completed played", "emit player-count.updated", "close",
                "emit room.disconnected", "finished game_ended"])
    }

    @Test func endSignalsBeforeAStartAreLobbyChanges() {
        var machine = makeMachine()
        _ = machine.connect()
        #expect(machine.feed(Frame.room(["state": "Lobby", "lobbyState": "PostGame"], version: 6)).summaries
            == ["emit lobby.updated", "persist"])
        #expect(machine.feed(Frame.room(["state": "Lobby", "gameFinished": true, "lobbyState": "PostGame"], version: 7))
            .summaries == ["persist"])
        #expect(!machine.isFinished)
    }

    @Test func joiningMidGameAnnouncesTheStartAfterTheRoom() {
        var machine = makeMachine()
        let effects = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")], room: playing("Gameplay")))
        #expect(effects.summaries == ["emit room.connected", "update 1 monitoring -", "emit game.started", "persist"])
        #expect(effects.event("room.connected")?.data["gameState"] == "Gameplay")
        #expect(effects.event("room.connected")?.data["lobbyState"] == .null)
    }

    /// A PostGame left over from an earlier round must not end the game at
    /// the frame that reveals its start; the next end signal does.
    @Test func theFrameThatRevealsAStartNeverEndsIt() {
        var machine = makeMachine()
        let effects = machine.connect(welcome: Frame.welcome(room: playing("Gameplay", lobbyState: "PostGame")))
        #expect(effects.events.map(\.type) == ["room.connected", "game.started"])
        #expect(machine.feed(Frame.room(playing("Gameplay", lobbyState: "PostGame"), version: 6)).events.map(\.type)
            == ["game.ended", "player-count.updated", "room.disconnected"])
    }

    @Test func withoutARoomEntityTheLookupsLockedFlagMeansStarted() {
        var machine = makeMachine()
        var locked = drawful
        locked.locked = true
        let effects = machine.connect(welcome: Frame.welcome(room: nil), room: locked)
        #expect(effects.events.map(\.type) == ["room.connected", "game.started"])
        // Once a room entity is known it is the authority.
        var other = makeMachine()
        #expect(other.connect(welcome: Frame.welcome(room: lobby("CanStart")), room: locked).events.map(\.type)
            == ["room.connected"])
    }

    @Test func staleAndDuplicateVersionsAreIgnored() {
        var machine = makeMachine()
        _ = machine.connect()  // bc:room at version 5
        #expect(machine.feed(Frame.room(lobby("CanStart", canStart: true), version: 5)) == [])
        #expect(machine.feed(Frame.room(lobby("CanStart", canStart: true), version: 3)) == [])
        #expect(machine.feed(Frame.room(lobby("CanStart", canStart: true), version: 6)).events.map(\.type)
            == ["lobby.updated"])
        #expect(machine.feed(Frame.room(playing(), version: 6)) == [])
        #expect(machine.feed(Frame.room(playing(), version: 4)) == [])
        #expect(!machine.state.gameStarted)
        // Versions are per key; an unversioned update has nothing to compare and applies.
        #expect(machine.feed(Frame.descriptions([("j", "Zed joined.")], version: 1)).events.count == 1)
        #expect(machine.feed(Frame.descriptions([("j", "Yan joined.")], version: 1)) == [])
        #expect(machine.feed(#"{"opcode":"object","result":{"key":"bc:room","val":{"state":"Gameplay"}}}"#).events
            .map(\.type) == ["game.started"])
    }

    @Test func framesBeforeTheWelcomeOrForOtherKeysAreIgnored() {
        var machine = makeMachine()
        _ = machine.handle(.start)
        #expect(machine.feed(Frame.connected(3, "Bob")) == [])  // no socket yet
        _ = machine.handle(.lookupSucceeded(drawful))
        _ = machine.handle(.socketOpened)
        #expect(machine.feed(Frame.connected(3, "Bob")) == [])
        #expect(machine.feed(Frame.room(playing(), version: 9)) == [])
        #expect(machine.handle(.recountDue) == [])
        #expect(machine.handle(.recounted([EcastPlayer(id: 3, name: "Bob")])) == [])
        let effects = machine.feed(Frame.welcome())
        #expect(effects.events.map(\.type) == ["room.connected"])
        #expect(machine.feed(Frame.room(playing(), version: 9, key: "audience")) == [])
        #expect(machine.feed(#"{"pc":1,"re":3,"opcode":"ok","result":{}}"#) == [])
        #expect(machine.feed("garbage") == [])
    }

    @Test(arguments: ["room", "roomBlob"])
    func otherRoomKeysDriveTheLifecycleToo(key: String) {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(roomKey: key))
        #expect(machine.feed(Frame.room(playing(), version: 6, key: key)).events.map(\.type) == ["game.started"])
        #expect(machine.feed(Frame.room(lobby("PostGame"), version: 7, key: key)).events.map(\.type)
            == ["game.ended", "player-count.updated", "room.disconnected"])
    }

    @Test func namesRepeatOnlyWithDifferentSlotIDs() {
        var machine = makeMachine()
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice")]))
        #expect(machine.feed(Frame.descriptions([("j", "Alice joined.")], version: 1)).events.isEmpty)
        #expect(machine.feed(Frame.connected(5, "Alice")).events.map { $0.data["playerName"] } == ["Alice"])
        #expect(machine.state.roster.count == 2)
    }
}

extension JSONObject {
    /// This object with `other`'s members set on top (test helper).
    func merging(_ other: JSONObject) -> JSONObject {
        var result = self
        for member in other.members { result[member.key] = member.value }
        return result
    }
}
