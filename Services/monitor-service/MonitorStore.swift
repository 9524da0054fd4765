import Contracts
import JSON
import Storage

/// monitor-<n>.db: the saved monitors and the session-service report outbox.
enum MonitorStore {
    struct Saved: Sendable {
        let sessionGameID: Int64
        let token: String
        let state: JSONValue
    }

    /// A new monitor for the session game: its row replaces whatever row
    /// the game had (a monitor it replaces loses its `token`).
    static func insert(_ db: SQLiteConnection, target: MonitorTarget, token: String, state: JSONValue,
                       now: String) throws {
        try db.run("""
            INSERT OR REPLACE INTO monitors (session_game_id, session_id, room_code, token, state, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [.integer(target.gameID), .integer(target.sessionID), .text(target.roomCode), .text(token),
                  .text(state.jsonString), .text(now)])
    }

    /// One step's durable part, in one transaction: the machine's new state
    /// (or its removal when it finished) and the reports it owes
    /// session-service. Only the row of this run (`token`) is touched.
    /// Returns the reports' outbox ids, in order.
    static func commit(_ db: SQLiteConnection, target: MonitorTarget, token: String, state: JSONValue?,
                       finished: Bool, reports: [JSONObject], now: String) throws -> [Int64] {
        if finished {
            try db.run("DELETE FROM monitors WHERE session_game_id = ? AND token = ?",
                       [.integer(target.gameID), .text(token)])
        } else if let state {
            try db.run("UPDATE monitors SET state = ?, updated_at = ? WHERE session_game_id = ? AND token = ?",
                       [.text(state.jsonString), .text(now), .integer(target.gameID), .text(token)])
        }
        var ids: [Int64] = []
        for report in reports {
            try db.run("INSERT INTO session_updates (params) VALUES (?)", [.text(JSONValue.object(report).jsonString)])
            ids.append(db.lastInsertRowID)
        }
        return ids
    }

    static func all(_ db: SQLiteConnection) throws -> [Saved] {
        try db.query("SELECT session_game_id, token, state FROM monitors ORDER BY session_game_id").compactMap { row in
            guard let id = row.int("session_game_id"), let token = row.string("token"),
                  let state = row.string("state").flatMap({ try? JSONValue.parse($0) }) else { return nil }
            return Saved(sessionGameID: id, token: token, state: state)
        }
    }

    static func pendingReports(_ db: SQLiteConnection, limit: Int = 200) throws -> [(id: Int64, params: JSONObject)] {
        try db.query("SELECT id, params FROM session_updates ORDER BY id LIMIT ?", [.integer(Int64(limit))])
            .compactMap { row in
                guard let id = row.int("id"),
                      let params = row.string("params").flatMap({ try? JSONValue.parse($0) })?.objectValue else {
                    return nil
                }
                return (id, params)
            }
    }

    static func removeReport(_ db: SQLiteConnection, id: Int64) throws {
        try db.run("DELETE FROM session_updates WHERE id = ?", [.integer(id)])
    }
}
