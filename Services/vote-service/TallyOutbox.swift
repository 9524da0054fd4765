import Contracts
import JSON
import Storage

/// Vote tallies on their way to session-service's games counters
/// (`tally_outbox`; design in docs/architecture.md, "Exactly once").
///
/// A tally is inserted in the transaction that stores the votes it counts,
/// so a committed vote always has either a pending tally or an applied one.
/// Session-service applies a tally and records its key in one transaction
/// and ignores a key it has seen, so sending a tally again — after any
/// crash, on either side — never counts it twice. The row is deleted once
/// session-service has acknowledged it.
enum TallyOutbox {
    typealias Tally = VoteTally

    static func insert(_ db: SQLiteConnection, _ tally: Tally, nowMilliseconds: Int64) throws {
        try db.run("""
            INSERT INTO tally_outbox (key, session_id, game_id, up, down, vote, created_at_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(tally.key), .integer(tally.sessionID), .integer(tally.gameID), .integer(tally.up),
                  .integer(tally.down), SQLiteValue(tally.vote.map { JSONValue.object($0).jsonString }),
                  .integer(nowMilliseconds)])
    }

    /// Pending tallies created at or before `cutoff` (Unix ms), oldest first.
    static func pending(_ db: SQLiteConnection, createdBefore cutoff: Int64 = .max, limit: Int = 500) throws -> [Tally] {
        try db.query("""
            SELECT key, session_id, game_id, up, down, vote FROM tally_outbox
            WHERE created_at_ms <= ? ORDER BY created_at_ms, key LIMIT ?
            """, [.integer(cutoff), .integer(Int64(limit))]).compactMap { row in
            guard let key = row.string("key"), let session = row.int("session_id"),
                  let game = row.int("game_id") else { return nil }
            let vote = row.string("vote").flatMap { try? JSONValue.parse($0) }?.objectValue
            return Tally(key: key, sessionID: session, gameID: game, up: row.int("up") ?? 0,
                         down: row.int("down") ?? 0, vote: vote)
        }
    }

    static func count(_ db: SQLiteConnection) throws -> Int64 {
        try db.query("SELECT COUNT(*) AS n FROM tally_outbox").first?.int("n") ?? 0
    }

    static func remove(_ db: SQLiteConnection, keys: [String]) throws {
        for key in keys { try db.run("DELETE FROM tally_outbox WHERE key = ?", [.text(key)]) }
    }
}
