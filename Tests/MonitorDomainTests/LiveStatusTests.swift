import Contracts
import JSON
import Testing
@testable import monitor_service

@Suite struct LiveStatusTests {
    @Test func liveStatusOfARunningMonitor() {
        var machine = makeMachine()
        #expect(LiveStatus.live(machine) == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "appTag": nil, "maxPlayers": nil, "playerCount": 0,
            "players": [], "lobbyState": nil, "gameState": nil, "gameStarted": false, "gameFinished": false,
            "monitoring": true,
        ])
        _ = machine.connect(welcome: Frame.welcome(players: [(2, "Alice"), (3, "Bob")], room: lobby("CanStart")))
        let event = LiveStatus.event(machine)
        #expect(event.type == "game.status")
        #expect(event.data == [
            "sessionId": 3, "gameId": 17, "roomCode": "LSBN", "appTag": "drawful2international", "maxPlayers": 8,
            "playerCount": 2, "players": ["Alice", "Bob"], "lobbyState": "CanStart", "gameState": "Lobby",
            "gameStarted": false, "gameFinished": false, "monitoring": true,
        ])
        _ = machine.feed(Frame.room(playing(), version: 6))
        _ = machine.feed(Frame.room(lobby("PostGame"), version: 7))
        let final = LiveStatus.live(machine)
        #expect(final["gameStarted"] == true)
        #expect(final["gameFinished"] == true)
        #expect(final["monitoring"] == false)
    }
}
