import Contracts
import JSON

/// The events a room monitor publishes, with their exact `data` shapes.
/// `sessionId` is `sessions.id`, `gameId` the monitored `session_games.id`.
/// Unknown values (no lookup yet, no room entity) are JSON `null`.
enum MonitorEvents {
    static func roomConnected(_ state: RoomMonitorState) -> Event {
        var data = header(state)
        data.append("appTag", JSONValue(state.room?.appTag))
        data.append("maxPlayers", maxPlayers(state))
        appendPlayers(state, to: &data)
        data.append("lobbyState", JSONValue(state.roomState?.lobbyState))
        data.append("gameState", JSONValue(state.roomState?.state))
        return Event("room.connected", data)
    }

    /// Sent after the join was admitted: count and names include the newcomer.
    static func playerJoined(_ state: RoomMonitorState, name: String) -> Event {
        var data = header(state)
        data.append("playerName", .string(name))
        appendPlayers(state, to: &data)
        data.append("maxPlayers", maxPlayers(state))
        return Event("lobby.player-joined", data)
    }

    static func lobbyUpdated(_ state: RoomMonitorState) -> Event {
        var data = header(state)
        data.append("lobbyState", JSONValue(state.roomState?.lobbyState))
        data.append("gameCanStart", optional(state.roomState?.gameCanStart))
        data.append("gameIsStarting", optional(state.roomState?.gameIsStarting))
        data.append("playerCount", JSONValue(state.roster.count))
        return Event("lobby.updated", data)
    }

    static func gameStarted(_ state: RoomMonitorState) -> Event {
        var data = header(state)
        appendPlayers(state, to: &data)
        data.append("maxPlayers", maxPlayers(state))
        return Event("game.started", data)
    }

    static func gameEnded(_ state: RoomMonitorState) -> Event {
        var data = header(state)
        appendPlayers(state, to: &data)
        return Event("game.ended", data)
    }

    static func roomDisconnected(_ state: RoomMonitorState, reason: DisconnectReason) -> Event {
        var data = header(state)
        data.append("reason", .string(reason.rawValue))
        data.append("finalPlayerCount", JSONValue(state.roster.count))
        return Event("room.disconnected", data)
    }

    /// The same shape session-service publishes when a count is set by hand
    /// (no `roomCode`).
    static func playerCountUpdated(_ state: RoomMonitorState) -> Event {
        Event("player-count.updated", ["sessionId": .int(state.target.sessionID), "gameId": .int(state.target.gameID),
                                       "playerCount": JSONValue(state.roster.count), "status": "completed"])
    }

    private static func header(_ state: RoomMonitorState) -> JSONObject {
        var data = JSONObject()
        data.reserveCapacity(10)
        data.append("sessionId", .int(state.target.sessionID))
        data.append("gameId", .int(state.target.gameID))
        data.append("roomCode", .string(state.target.roomCode))
        return data
    }

    private static func appendPlayers(_ state: RoomMonitorState, to data: inout JSONObject) {
        data.append("playerCount", JSONValue(state.roster.count))
        data.append("players", .array(state.roster.names.map(JSONValue.string)))
    }

    static func maxPlayers(_ state: RoomMonitorState) -> JSONValue {
        state.room?.maxPlayers.map(JSONValue.init) ?? .null
    }

    static func optional(_ flag: Bool?) -> JSONValue { flag.map(JSONValue.bool) ?? .null }
}
