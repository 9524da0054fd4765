import Contracts
import JSON
import RPC
import ServiceSupport
import Storage

/// The player-check routes of sessions-api.txt (start, stop, status-live)
/// and the reports monitor-service sends back about the games it watches.
enum PlayerCheckDomain {
    static func start(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64, now: String,
                      monitors: MonitorCommands) throws -> WriteOutcome {
        let row = try SessionGamesDomain.requireSessionGame(db, sessionID: sessionID, sessionGameID: sessionGameID)
        guard let code = row.string("room_code") else { throw APIError.badRequest("Game does not have a room code") }
        // Rooms are watched while their game night runs; a closed session's
        // games would keep monitors nothing stops.
        guard try db.query("SELECT 1 FROM sessions WHERE id = ? AND is_active = 1", [.integer(sessionID)]).first != nil else {
            throw APIError.badRequest("Cannot monitor a game of a closed session")
        }
        try monitors.start(db, sessionID: sessionID, sessionGameID: sessionGameID, roomCode: code, now: now)
        return WriteOutcome(body: ["message": "Room monitor started", "status": "monitoring"], outboxRows: 1)
    }

    /// Stops a running monitor (reason `manually_stopped` on its
    /// `room.disconnected`); a check that already finished keeps its status.
    static func stop(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64, now: String,
                     monitors: MonitorCommands) throws -> WriteOutcome {
        try SessionGamesDomain.requireSessionGame(db, sessionID: sessionID, sessionGameID: sessionGameID)
        let stopped = try monitors.stop(db, sessionGameIDs: [sessionGameID], reason: .manual, now: now)
        return WriteOutcome(body: ["message": "Room monitor and player count check stopped", "status": "stopped"],
                            outboxRows: stopped)
    }

    /// What `status-live` needs from the database: the fallback answer
    /// (sessions-api.txt, "DB fallback") and, while a monitor runs, the
    /// instance to ask for the live one.
    struct StatusSource: Sendable {
        let fallback: JSONObject
        let liveInstance: Int?
    }

    static func statusSource(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64) throws -> StatusSource {
        guard let row = try db.query("""
            SELECT sg.id, sg.session_id, sg.room_code, g.max_players, sg.player_count, sg.status,
                   sg.player_count_check_status, sg.monitor_instance, g.title, g.pack_name
            FROM session_games sg JOIN games g ON g.id = sg.game_id WHERE sg.id = ? AND sg.session_id = ?
            """, [.integer(sessionGameID), .integer(sessionID)]).first else {
            throw APIError.notFound("Session game not found")
        }
        let check = row.string("player_count_check_status") ?? "not_started"
        let fallback: JSONObject = [
            "sessionId": .int(sessionID), "gameId": .int(sessionGameID),
            "roomCode": JSONValue(row.string("room_code")), "appTag": nil,
            "maxPlayers": row.int("max_players").map(JSONValue.int) ?? .null,
            // null until a count was recorded (by a monitor or by hand).
            "playerCount": row.int("player_count").map(JSONValue.int) ?? .null,
            "players": [], "lobbyState": nil, "gameState": nil, "gameStarted": false,
            "gameFinished": .bool(row.string("status") == "played"), "monitoring": false,
            "title": JSONValue(row.string("title")), "packName": JSONValue(row.string("pack_name")),
            "status": .string(check),
        ]
        let instance = check == "monitoring" ? row.int("monitor_instance").map(Int.init) : nil
        return StatusSource(fallback: fallback, liveInstance: instance)
    }

    /// `sessionGames.monitorUpdate` from the monitor of `sessionGameId`.
    /// The monitor owns the check only while it is `monitoring` with the
    /// room code it watches: a report that arrives after session-service
    /// stopped or replaced that monitor changes nothing.
    static func monitorUpdate(_ db: SQLiteConnection, params: JSONObject) throws -> WriteOutcome {
        guard let id = params["sessionGameId"]?.intValue, let code = params["roomCode"]?.stringValue,
              let check = params["checkStatus"]?.stringValue,
              ["monitoring", "completed", "failed", "stopped"].contains(check) else {
            throw RPCError.invalidParams("sessionGames.monitorUpdate needs sessionGameId, roomCode and checkStatus")
        }
        var assignments = ["player_count_check_status = ?"]
        var bindings: [SQLiteValue] = [.text(check)]
        if let count = params["playerCount"]?.intValue, count >= 0 {
            assignments.append("player_count = ?")
            bindings.append(.integer(count))
        }
        if params["status"]?.stringValue == "played" { assignments.append("status = 'played'") }
        let changed = try db.run("UPDATE session_games SET \(assignments.joined(separator: ", ")) WHERE id = ? AND room_code = ? AND player_count_check_status = 'monitoring'",
                                 bindings + [.integer(id), .text(code)])
        return WriteOutcome(body: ["applied": .bool(changed > 0)])
    }
}
