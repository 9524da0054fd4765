import Contracts
import JSON
import ServiceSupport
import Storage

/// The rules of games within a session (sessions-api.txt): at most one
/// `playing` game, adding a game finishes the previous one and counts a
/// play, room codes are four of A–Z/0–9, player counts are non-negative.
enum SessionGamesDomain {
    typealias Outcome = SessionsDomain.Outcome

    static let statuses: Set<String> = ["playing", "played", "skipped"]
    static let roomCodeError = "room_code must be exactly 4 alphanumeric characters (A-Z, 0-9)"

    static func isValidRoomCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        return bytes.count == 4 && bytes.allSatisfy { (65...90).contains($0) || (48...57).contains($0) }
    }

    static func list(_ db: SQLiteConnection, sessionID: Int64) throws -> JSONValue {
        try db.query(SessionQueries.sessionGame + " WHERE sg.session_id = ? ORDER BY sg.played_at, sg.id",
                     [.integer(sessionID)]).jsonArray
    }

    static func add(_ db: SQLiteConnection, sessionID: Int64, body: JSONObject, now: String,
                    monitors: MonitorCommands) throws -> Outcome {
        guard !body.isMissing("game_id") else { throw APIError.badRequest("game_id is required") }
        guard let gameID = body.strictInt("game_id") else { throw APIError.badRequest("game_id must be an integer") }
        let manuallyAdded: Int64
        switch body["manually_added"] {
        case nil, .null?: manuallyAdded = 0
        case .bool(let flag)?: manuallyAdded = flag ? 1 : 0
        case .int(let flag)? where flag == 0 || flag == 1: manuallyAdded = flag
        default: throw APIError.badRequest("manually_added must be a boolean")
        }
        let roomCode: String?
        switch body["room_code"] {
        case nil, .null?: roomCode = nil
        case .string(let code)? where isValidRoomCode(code): roomCode = code
        default: throw APIError.badRequest(roomCodeError)
        }
        guard let session = try db.query("SELECT is_active FROM sessions WHERE id = ?", [.integer(sessionID)]).first else {
            throw APIError.notFound("Session not found")
        }
        guard session.int("is_active") == 1 else { throw APIError.badRequest("Cannot add games to a closed session") }
        guard try !db.query("SELECT 1 FROM games WHERE id = ?", [.integer(gameID)]).isEmpty else {
            throw APIError.notFound("Game not found")
        }
        try monitors.stop(db, sessionGameIDs: MonitorCommands.monitored(db, sessionID: sessionID, playingOnly: true),
                          reason: .statusChanged, now: now)
        try db.run("UPDATE session_games SET status = 'played' WHERE session_id = ? AND status = 'playing'",
                   [.integer(sessionID)])
        try db.run("""
            INSERT INTO session_games (session_id, game_id, manually_added, status, room_code, played_at)
            VALUES (?, ?, ?, 'playing', ?, ?)
            """, [.integer(sessionID), .integer(gameID), .integer(manuallyAdded), SQLiteValue(roomCode), .text(now)])
        let sessionGameID = db.lastInsertRowID
        try db.run("UPDATE games SET play_count = play_count + 1 WHERE id = ?", [.integer(gameID)])
        try db.run("UPDATE sessions SET games_played = games_played + 1 WHERE id = ?", [.integer(sessionID)])
        if let roomCode {
            try monitors.start(db, sessionID: sessionID, sessionGameID: sessionGameID, roomCode: roomCode, now: now)
        }

        let added = try db.query(SessionQueries.addedSessionGame + " WHERE sg.id = ?", [.integer(sessionGameID)])[0]
            .jsonObject
        let gamesPlayed = try db.query("SELECT games_played FROM sessions WHERE id = ?",
                                       [.integer(sessionID)])[0].int("games_played") ?? 0
        var game = JSONObject()
        game.append("id", .int(gameID))
        game.append("session_game_id", .int(sessionGameID))
        for key in ["title", "pack_name", "min_players", "max_players", "manually_added", "room_code"] {
            game.append(key, added[key] ?? .null)
        }
        let event = Event("game.added", ["session": ["id": .int(sessionID), "is_active": true,
                                                     "games_played": .int(gamesPlayed)],
                                         "game": .object(game)])
        return Outcome(body: .object(added), events: [event])
    }

    /// The session game `sessionGameID` of `sessionID` (its status, room
    /// code and check status), or the documented 404.
    @discardableResult
    static func requireSessionGame(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64) throws -> SQLiteRow {
        guard let row = try db.query("""
            SELECT status, room_code, player_count_check_status FROM session_games WHERE id = ? AND session_id = ?
            """, [.integer(sessionGameID), .integer(sessionID)]).first else {
            throw APIError.notFound("Session game not found")
        }
        return row
    }

    static func setStatus(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64,
                          body: JSONObject, now: String, monitors: MonitorCommands) throws -> Outcome {
        guard let status = body["status"]?.stringValue, statuses.contains(status) else {
            throw APIError.badRequest("Invalid status. Must be playing, played, or skipped")
        }
        try requireSessionGame(db, sessionID: sessionID, sessionGameID: sessionGameID)
        // Setting a game played or skipped stops its monitor; making one
        // playing finishes (and stops) the others.
        let finishing = status == "playing"
            ? try MonitorCommands.monitored(db, sessionID: sessionID, playingOnly: true).filter { $0 != sessionGameID }
            : [sessionGameID]
        try monitors.stop(db, sessionGameIDs: finishing, reason: .statusChanged, now: now)
        if status == "playing" {
            try db.run("""
                UPDATE session_games SET status = 'played'
                WHERE session_id = ? AND status = 'playing' AND id != ?
                """, [.integer(sessionID), .integer(sessionGameID)])
        }
        try db.run("UPDATE session_games SET status = ? WHERE id = ?", [.text(status), .integer(sessionGameID)])
        return Outcome(body: ["message": "Status updated successfully", "status": .string(status)])
    }

    static func remove(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64, now: String,
                       monitors: MonitorCommands) throws -> Outcome {
        try requireSessionGame(db, sessionID: sessionID, sessionGameID: sessionGameID)
        try monitors.stop(db, sessionGameIDs: [sessionGameID], reason: .gameRemoved, now: now)
        try db.run("DELETE FROM session_games WHERE id = ?", [.integer(sessionGameID)])
        try db.run("UPDATE sessions SET games_played = games_played - 1 WHERE id = ?", [.integer(sessionID)])
        return Outcome(body: ["message": "Game removed from session successfully"])
    }

    static func setRoomCode(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64,
                            body: JSONObject, now: String, monitors: MonitorCommands) throws -> Outcome {
        guard !body.isMissing("room_code") else { throw APIError.badRequest("room_code is required") }
        guard let code = body["room_code"]?.stringValue, isValidRoomCode(code) else {
            throw APIError.badRequest(roomCodeError)
        }
        let current = try requireSessionGame(db, sessionID: sessionID, sessionGameID: sessionGameID)
        try db.run("UPDATE session_games SET room_code = ? WHERE id = ?", [.text(code), .integer(sessionGameID)])
        // A new code means a new room: the old monitor stops, and the game
        // is watched in the new room if it was being watched or is playing.
        if current.string("room_code") != code {
            let wasMonitored = try monitors.stop(db, sessionGameIDs: [sessionGameID], reason: .roomCodeChanged,
                                                 now: now) > 0
            if wasMonitored || current.string("status") == "playing" {
                try monitors.start(db, sessionID: sessionID, sessionGameID: sessionGameID, roomCode: code, now: now)
            }
        }
        let row = try db.query(SessionQueries.roomCodeSessionGame + " WHERE sg.id = ?", [.integer(sessionGameID)])[0]
        return Outcome(body: .object(row.jsonObject))
    }

    /// A count set by hand completes the player check, so a monitor still
    /// watching the room stops (reason `manual`).
    static func setPlayerCount(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64,
                               body: JSONObject, now: String, monitors: MonitorCommands) throws -> Outcome {
        guard !body.isMissing("player_count") else { throw APIError.badRequest("player_count is required") }
        guard let count = body.strictInt("player_count"), count >= 0 else {
            throw APIError.badRequest("player_count must be a positive number")
        }
        try requireSessionGame(db, sessionID: sessionID, sessionGameID: sessionGameID)
        try monitors.stop(db, sessionGameIDs: [sessionGameID], reason: .manual, now: now)
        try db.run("UPDATE session_games SET player_count = ?, player_count_check_status = 'completed' WHERE id = ?",
                   [.integer(count), .integer(sessionGameID)])
        let event = Event("player-count.updated", ["sessionId": .int(sessionID), "gameId": .int(sessionGameID),
                                                   "playerCount": .int(count), "status": "completed"])
        return Outcome(body: ["message": "Player count updated successfully", "player_count": .int(count)],
                       events: [event])
    }
}
