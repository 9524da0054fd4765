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

    /// From the database when no monitor runs (never started, finished, or
    /// owned by an instance that is down). Choices:
    /// - `maxPlayers` is the catalogue game's `max_players` (the room is not known);
    /// - `playerCount` is `player_count`, or 0 when it was never recorded —
    ///   a number in both shapes, so clients need no null case; `status`
    ///   (`player_count_check_status`) says whether the count is real;
    /// - `gameStarted` is false (the database does not record starts) and
    ///   `gameFinished` is `status == "played"` — so a played game reads
    ///   finished-but-not-started, which is what the row can vouch for;
    /// - `appTag`, `lobbyState`, `gameState` are null, `players` empty,
    ///   `monitoring` false.
    static func fallback(_ row: SessionGameRow) -> JSONObject {
        var data = JSONObject()
        data.reserveCapacity(13)
        data.append("sessionId", .int(row.sessionID))
        data.append("gameId", .int(row.id))
        data.append("roomCode", JSONValue(row.roomCode))
        data.append("appTag", .null)
        data.append("maxPlayers", row.maxPlayers.map(JSONValue.int) ?? .null)
        data.append("playerCount", .int(row.playerCount ?? 0))
        data.append("players", [])
        data.append("lobbyState", .null)
        data.append("gameState", .null)
        data.append("gameStarted", false)
        data.append("gameFinished", .bool(row.status == "played"))
        data.append("monitoring", false)
        data.append("status", .string(row.playerCountCheckStatus))
        return data
    }
}

/// The columns of a session game (joined with its game) that the fallback
/// status needs.
struct SessionGameRow: Sendable, Equatable {
    var id: Int64
    var sessionID: Int64
    var roomCode: String?
    var maxPlayers: Int64?
    var playerCount: Int64?
    var status: String
    var playerCountCheckStatus: String

    init(id: Int64, sessionID: Int64, roomCode: String?, maxPlayers: Int64?, playerCount: Int64?, status: String,
         playerCountCheckStatus: String) {
        self.id = id
        self.sessionID = sessionID
        self.roomCode = roomCode
        self.maxPlayers = maxPlayers
        self.playerCount = playerCount
        self.status = status
        self.playerCountCheckStatus = playerCountCheckStatus
    }

    /// Reads a row as session-service returns it (`id`, `session_id`,
    /// `room_code`, `max_players`, `player_count`, `status`,
    /// `player_count_check_status`); nil without `id`/`session_id`. A missing
    /// status reads `playing`, a missing check status `not_started` (the
    /// column defaults).
    init?(row: JSONObject) {
        guard let id = row["id"]?.intValue, let sessionID = row["session_id"]?.intValue else { return nil }
        self.init(id: id, sessionID: sessionID, roomCode: row["room_code"]?.stringValue,
                  maxPlayers: row["max_players"]?.intValue, playerCount: row["player_count"]?.intValue,
                  status: row["status"]?.stringValue ?? "playing",
                  playerCountCheckStatus: row["player_count_check_status"]?.stringValue ?? "not_started")
    }
}
