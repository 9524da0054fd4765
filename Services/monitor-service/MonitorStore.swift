import Contracts
import JSON
import Storage

/// monitor-<n>.db: the saved monitors and the session-service report outbox.
enum MonitorStore {
    struct Saved: Sendable {
        let sessionGameID: Int64
        let state: JSONValue
    }

    /// One step's durable part, in one transaction: the machine's new state
    /// (or its removal when it finished) and the reports it owes
    /// session-service. Returns the reports' outbox ids, in order.
    static func commit(_ db: SQLiteConnection, target: MonitorTarget, state: JSONValue?, finished: Bool,
                       reports: [JSONObject], now: String) throws -> [Int64] {
        if finished {
            try db.run("DELETE FROM monitors WHERE session_game_id = ?", [.integer(target.gameID)])
        } else if let state {
            try db.run("""
                INSERT INTO monitors (session_game_id, session_id, room_code, state, updated_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (session_game_id) DO UPDATE SET session_id = excluded.session_id,
                    room_code = excluded.room_code, state = excluded.state, updated_at = excluded.updated_at
                """, [.integer(target.gameID), .integer(target.sessionID), .text(target.roomCode),
                      .text(state.jsonString), .text(now)])
        }
        var ids: [Int64] = []
        for report in reports {
            try db.run("INSERT INTO session_updates (params) VALUES (?)", [.text(JSONValue.object(report).jsonString)])
            ids.append(db.lastInsertRowID)
        }
        return ids
    }

    static func all(_ db: SQLiteConnection) throws -> [Saved] {
        try db.query("SELECT session_game_id, state FROM monitors ORDER BY session_game_id").compactMap { row in
            guard let id = row.int("session_game_id"),
                  let state = row.string("state").flatMap({ try? JSONValue.parse($0) }) else { return nil }
            return Saved(sessionGameID: id, state: state)
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
