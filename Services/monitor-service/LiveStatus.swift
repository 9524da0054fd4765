import Contracts
import JSON

/// The live status of a monitored session game: the `game.status` event the
/// I/O layer sends on every heartbeat, and the same shape read from
/// session-service when no monitor is running.
enum LiveStatus {
    /// From a running monitor. `monitoring` is true while the machine runs
    /// (after `.finished` the I/O layer stops the heartbeat, so in practice
    /// it is always true on the wire). `gameFinished` becomes true only with
    /// `game.ended`.
    static func live(_ machine: RoomMonitorMachine) -> JSONObject {
        let state = machine.state
        var data = JSONObject()
        data.reserveCapacity(12)
        data.append("sessionId", .int(state.target.sessionID))
        data.append("gameId", .int(state.target.gameID))
        data.append("roomCode", .string(state.target.roomCode))
        data.append("appTag", JSONValue(state.room?.appTag))
        data.append("maxPlayers", MonitorEvents.maxPlayers(state))
        data.append("playerCount", JSONValue(state.roster.count))
        data.append("players", .array(state.roster.names.map(JSONValue.string)))
        data.append("lobbyState", JSONValue(state.roomState?.lobbyState))
        data.append("gameState", JSONValue(state.roomState?.state))
        data.append("gameStarted", .bool(state.gameStarted))
        data.append("gameFinished", .bool(state.gameFinished))
        data.append("monitoring", .bool(!machine.isFinished))
        return data
    }

    /// The `game.status` event for a heartbeat.
    static func event(_ machine: RoomMonitorMachine) -> Event { Event("game.status", live(machine)) }
}
