import Contracts
import JSON
import Storage

/// `chat_logs`: storing an import (dedup, tallies in the same transaction),
/// reading a session's log for export, and forgetting deleted sessions.
enum ChatLogs {
    struct ImportResult: Sendable {
        var imported = 0
        var duplicates = 0
        /// Counted votes, in chat order: `debug.voteMatches`.
        var matches: [ChatImportPlan.Message] = []
        var tallies: [TallyOutbox.Tally] = []
    }

    /// Stores every message not seen before (by `message_hash`, across all
    /// imports, and within this one) and one tally per game that gained
    /// votes, keyed `chat-<importKey>-<game id>`. A session deleted
    /// meanwhile (see `purge`) stores nothing.
    static func store(_ db: SQLiteConnection, _ plan: ChatImportPlan, sessionID: Int64, importKey: String,
                      now: String, nowMilliseconds: Int64) throws -> ImportResult {
        guard try db.query("SELECT 1 FROM deleted_sessions WHERE session_id = ?", [.integer(sessionID)]).isEmpty else {
            throw APIError.notFound("Session not found")
        }
        var result = ImportResult()
        var perGame: [Int64: (up: Int64, down: Int64)] = [:]
        var gameOrder: [Int64] = []
        for message in plan.messages {
            let inserted = try db.run("""
                INSERT INTO chat_logs (session_id, username, message, timestamp, timestamp_ms, vote, game_id,
                                       message_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_hash) DO NOTHING
                """, [.integer(sessionID), .text(message.username), .text(message.message),
                      .text(message.storedTimestamp), SQLiteValue(message.milliseconds),
                      SQLiteValue(message.vote?.sign), SQLiteValue(message.game?.gameID), .blob(message.hash),
                      .text(now)])
            guard inserted > 0 else {
                result.duplicates += 1
                continue
            }
            result.imported += 1
            guard let vote = message.vote, let game = message.game else { continue }
            result.matches.append(message)
            if perGame[game.gameID] == nil { gameOrder.append(game.gameID) }
            var counts = perGame[game.gameID] ?? (0, 0)
            if vote == .up { counts.up += 1 } else { counts.down += 1 }
            perGame[game.gameID] = counts
        }
        for gameID in gameOrder {
            guard let counts = perGame[gameID] else { continue }
            let tally = TallyOutbox.Tally(key: "chat-\(importKey)-\(gameID)", sessionID: sessionID, gameID: gameID,
                                          up: counts.up, down: counts.down, vote: nil)
            try TallyOutbox.insert(db, tally, nowMilliseconds: nowMilliseconds)
            result.tallies.append(tally)
        }
        return result
    }

    struct Entry: Sendable, Equatable {
        let username: String
        let message: String
        let timestamp: String
        let vote: ChatVote?
    }

    /// A session's log in chat order (time, then import order); messages
    /// whose timestamp did not parse come last, in import order.
    static func entries(_ db: SQLiteConnection, sessionID: Int64) throws -> [Entry] {
        try db.query("""
            SELECT username, message, timestamp, vote FROM chat_logs WHERE session_id = ?
            ORDER BY timestamp_ms IS NULL, timestamp_ms, id
            """, [.integer(sessionID)]).map { row in
            Entry(username: row.string("username") ?? "", message: row.string("message") ?? "",
                  timestamp: row.string("timestamp") ?? "", vote: row.int("vote").flatMap { ChatVote(sign: $0) })
        }
    }

    /// Removes everything of a deleted session (chat logs and live votes)
    /// and remembers the deletion. Idempotent: session-service repeats it
    /// until acknowledged.
    static func purge(_ db: SQLiteConnection, sessionID: Int64, now: String) throws -> JSONValue {
        let logs = try db.run("DELETE FROM chat_logs WHERE session_id = ?", [.integer(sessionID)])
        let votes = try db.run("DELETE FROM live_votes WHERE session_id = ?", [.integer(sessionID)])
        try db.run("INSERT INTO deleted_sessions (session_id, deleted_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                   [.integer(sessionID), .text(now)])
        return ["sessionId": .int(sessionID), "chatLogsDeleted": .int(Int64(logs)), "liveVotesDeleted": .int(Int64(votes))]
    }
}
