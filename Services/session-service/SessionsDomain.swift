import Contracts
import JSON
import ServiceSupport
import Storage

/// The rules of sessions (sessions-api.txt): one active at a time, closing
/// finishes what is playing, only closed sessions can be deleted. Plain
/// functions over a connection, run inside the worker's transaction; they
/// return the response body and the events to publish once committed.
enum SessionsDomain {
    typealias Outcome = WriteOutcome

    static func list(_ db: SQLiteConnection) throws -> JSONValue {
        try db.query(SessionQueries.session + " ORDER BY s.created_at DESC, s.id DESC").jsonArray
    }

    static func active(_ db: SQLiteConnection) throws -> JSONValue {
        if let row = try db.query(SessionQueries.session + " WHERE s.is_active = 1 LIMIT 1").first {
            return .object(row.jsonObject)
        }
        return ["session": nil, "message": "No active session"]
    }

    /// `sessions.snapshot`: a session and its games in play order, for
    /// vote-service (vote matching, export). `{"active": true}` asks for
    /// the active session and answers `{"session": null, "games": []}` when
    /// there is none. With `"ticker"`, also `"tickerGame"`: the game with
    /// that ticker (a `GET /api/games/{id}` row) or null.
    static func snapshot(_ db: SQLiteConnection, params: RequestParams) throws -> JSONValue {
        let session: JSONObject
        if params.raw["active"]?.boolValue == true {
            guard let row = try db.query(SessionQueries.session + " WHERE s.is_active = 1 LIMIT 1").first else {
                return ["session": nil, "games": []]
            }
            session = row.jsonObject
        } else {
            session = try get(db, id: params.id())
        }
        let games = try SessionGamesDomain.list(db, sessionID: session["id"]?.intValue ?? 0)
        guard let ticker = params.raw["ticker"]?.stringValue else {
            return ["session": .object(session), "games": games]
        }
        // A ticker vote (`votes.live` with `ticker`): that game's row, read
        // in the same snapshot, or null when no game has the ticker.
        let game = try db.query(GamesCatalogue.columns + " WHERE ticker = ?", [.text(ticker)]).first
        return ["session": .object(session), "games": games, "tickerGame": game.map { .object($0.jsonObject) } ?? .null]
    }

    static func get(_ db: SQLiteConnection, id: Int64) throws -> JSONObject {
        guard let row = try db.query(SessionQueries.session + " WHERE s.id = ?", [.integer(id)]).first else {
            throw APIError.notFound("Session not found")
        }
        return row.jsonObject
    }

    static func create(_ db: SQLiteConnection, body: JSONObject, now: String) throws -> Outcome {
        let notes: String?
        switch body["notes"] {
        case nil, .null?: notes = nil
        case .string(let text)?: notes = try FieldLimits.check(text, "notes", limit: FieldLimits.sessionNotes)
        default: throw APIError.badRequest("notes must be a string")
        }
        if let active = try db.query("SELECT id FROM sessions WHERE is_active = 1 LIMIT 1").first?.int("id") {
            throw APIError(400, "An active session already exists. Please close it before creating a new one.",
                           extra: ["activeSessionId": .int(active)])
        }
        try db.run("INSERT INTO sessions (notes, is_active, created_at) VALUES (?, 1, ?)",
                   [SQLiteValue(notes), .text(now)])
        let id = db.lastInsertRowID
        let session: JSONObject = ["id": .int(id), "notes": JSONValue(notes), "is_active": 1,
                                   "created_at": .string(now), "closed_at": nil]
        let started = Event("session.started", ["session": ["id": .int(id), "is_active": 1,
                                                            "created_at": .string(now), "notes": JSONValue(notes)]])
        return Outcome(body: .object(session), events: [started])
    }

    static func close(_ db: SQLiteConnection, id: Int64, body: JSONObject, now: String,
                      monitors: MonitorCommands) throws -> Outcome {
        let session = try get(db, id: id)
        guard session["is_active"] == 1 else { throw APIError.badRequest("Session is already closed") }
        switch body["notes"] {
        case nil, .null?: break
        case .string(let notes)?:
            _ = try FieldLimits.check(notes, "notes", limit: FieldLimits.sessionNotes)
            try db.run("UPDATE sessions SET notes = ? WHERE id = ?", [.text(notes), .integer(id)])
        default: throw APIError.badRequest("notes must be a string")
        }
        try monitors.stop(db, sessionGameIDs: MonitorCommands.monitored(db, sessionID: id), reason: .sessionClosed,
                          now: now)
        try db.run("UPDATE session_games SET status = 'played' WHERE session_id = ? AND status = 'playing'",
                   [.integer(id)])
        try db.run("UPDATE sessions SET is_active = 0, closed_at = ? WHERE id = ?", [.text(now), .integer(id)])
        let closed = try get(db, id: id)
        let ended = Event("session.ended", ["session": ["id": .int(id), "is_active": 0,
                                                        "games_played": closed["games_played"] ?? 0]])
        return Outcome(body: .object(closed), events: [ended])
    }

    static func delete(_ db: SQLiteConnection, id: Int64, now: String, monitors: MonitorCommands) throws -> Outcome {
        let session = try get(db, id: id)
        guard session["is_active"] != 1 else {
            throw APIError.badRequest("Cannot delete an active session. Please close it first.")
        }
        try remove(db, id: id, now: now, monitors: monitors)
        return Outcome(body: ["message": "Session deleted successfully", "sessionId": .int(id)], outboxRows: 1)
    }

    /// Deletes a closed session with everything hanging off it: its
    /// monitors stopped, its games, and — owed to vote-service in this
    /// transaction, sent by `PeerOutboxForwarder` — its chat logs and live
    /// votes in votes.db. The single delete and the bulk one share it.
    static func remove(_ db: SQLiteConnection, id: Int64, now: String, monitors: MonitorCommands) throws {
        try monitors.stop(db, sessionGameIDs: MonitorCommands.monitored(db, sessionID: id), reason: .gameRemoved,
                          now: now)
        try db.run("DELETE FROM session_games WHERE session_id = ?", [.integer(id)])
        try db.run("DELETE FROM sessions WHERE id = ?", [.integer(id)])
        try PeerOutbox.enqueue(db, target: PeerOutbox.voteService, method: Method.votesPurgeSession,
                               params: ["sessionId": .int(id)], now: now)
    }
}
