import Contracts
import JSON
import Storage

/// Room monitors as session-service drives them (docs/architecture.md,
/// "Room monitors"): which monitor-service instance owns a session game's
/// monitor, and the start/stop calls owed to it, written to `PeerOutbox` in
/// the transaction of the change that causes them — adding a game with a
/// room code, changing the code, the player-check routes, setting the game
/// played or skipped, removing it, closing the session.
struct MonitorCommands: Sendable {
    /// `MONITOR_INSTANCES`.
    let instances: Int

    /// The stop reasons monitor-service knows (its `StopReason`).
    enum Reason: String {
        case manual
        case sessionClosed = "session_closed"
        case gameRemoved = "game_removed"
        case roomCodeChanged = "room_code_changed"
        case statusChanged = "status_changed"
    }

    /// The owning instance: the recorded one while it is still within
    /// 1...N, so a monitor stays where it runs; otherwise (first start, or
    /// N shrank) chosen by `InstanceOwner` and recorded.
    func owner(_ db: SQLiteConnection, sessionGameID: Int64) throws -> Int {
        let recorded = try db.query("SELECT monitor_instance FROM session_games WHERE id = ?",
                                    [.integer(sessionGameID)]).first?.int("monitor_instance")
        if let recorded, (1...Int64(instances)).contains(recorded) { return Int(recorded) }
        let owner = InstanceOwner.owner(sessionGameID: sessionGameID, instances: instances)
        try db.run("UPDATE session_games SET monitor_instance = ? WHERE id = ?",
                   [.integer(Int64(owner)), .integer(sessionGameID)])
        return owner
    }

    /// Starts (or restarts, with a new room code) the monitor of a session
    /// game and marks its player check `monitoring`.
    func start(_ db: SQLiteConnection, sessionID: Int64, sessionGameID: Int64, roomCode: String,
               now: String) throws {
        let owner = try owner(db, sessionGameID: sessionGameID)
        try db.run("UPDATE session_games SET player_count_check_status = 'monitoring' WHERE id = ?",
                   [.integer(sessionGameID)])
        try PeerOutbox.enqueue(db, target: PeerOutbox.monitorService(owner), method: Method.monitorsStart,
                               params: ["sessionId": .int(sessionID), "sessionGameId": .int(sessionGameID),
                                        "roomCode": .string(roomCode)], now: now)
    }

    /// Stops the running monitors among `sessionGameIDs` (those whose check
    /// is `monitoring`) and marks their check `stopped`. Returns how many.
    @discardableResult
    func stop(_ db: SQLiteConnection, sessionGameIDs: [Int64], reason: Reason, now: String) throws -> Int {
        var stopped = 0
        for id in sessionGameIDs {
            guard let row = try db.query("""
                SELECT monitor_instance FROM session_games
                WHERE id = ? AND player_count_check_status = 'monitoring' AND monitor_instance IS NOT NULL
                """, [.integer(id)]).first, let instance = row.int("monitor_instance") else { continue }
            try db.run("UPDATE session_games SET player_count_check_status = 'stopped' WHERE id = ?", [.integer(id)])
            try PeerOutbox.enqueue(db, target: PeerOutbox.monitorService(Int(instance)), method: Method.monitorsStop,
                                   params: ["sessionGameId": .int(id), "reason": .string(reason.rawValue)], now: now)
            stopped += 1
        }
        return stopped
    }

    /// The session's games whose monitor is running, optionally only those
    /// `playing`.
    static func monitored(_ db: SQLiteConnection, sessionID: Int64, playingOnly: Bool = false) throws -> [Int64] {
        try db.query("""
            SELECT id FROM session_games
            WHERE session_id = ? AND player_count_check_status = 'monitoring'\(playingOnly ? " AND status = 'playing'" : "")
            """, [.integer(sessionID)]).compactMap { $0.int("id") }
    }
}
