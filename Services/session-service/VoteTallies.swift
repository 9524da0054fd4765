import Contracts
import JSON
import RPC
import ServiceSupport
import Storage

/// `games.applyVoteTallies`: vote-service's tallies added to the games'
/// `upvotes`, `downvotes` and `popularity_score` exactly once per key
/// (docs/architecture.md, "Exactly once").
///
/// The key goes into `applied_vote_tallies` in the transaction that changes
/// the counters, so the counters and "this key is applied" commit together;
/// a key seen before changes nothing. vote-service may therefore resend a
/// tally as often as it likes (it does, after any crash). A live vote's
/// tally also announces `vote.received` — in the same transaction, so its
/// webhook deliveries are in the outbox exactly when the vote counts.
enum VoteTallies {
    typealias Tally = VoteTally

    static func parse(_ params: JSONObject) throws -> [Tally] {
        guard let entries = params["tallies"]?.arrayValue else {
            throw RPCError.invalidParams("games.applyVoteTallies needs a tallies array")
        }
        return try entries.map { entry in
            guard let tally = VoteTally(json: entry) else {
                throw RPCError.invalidParams("each tally needs key, session_id, game_id, up >= 0 and down >= 0")
            }
            return tally
        }
    }

    /// The games' totals after the tallies, one per tally in order.
    static func apply(_ db: SQLiteConnection, tallies: [Tally], now: String) throws -> WriteOutcome {
        var games: [JSONValue] = []
        var events: [Event] = []
        for tally in tallies {
            let fresh = try db.run("INSERT INTO applied_vote_tallies (key, applied_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                                   [.text(tally.key), .text(now)]) > 0
            if fresh {
                try db.run("""
                    UPDATE games SET upvotes = upvotes + ?, downvotes = downvotes + ?,
                                     popularity_score = popularity_score + ? - ?
                    WHERE id = ?
                    """, [.integer(tally.up), .integer(tally.down), .integer(tally.up), .integer(tally.down),
                          .integer(tally.gameID)])
            }
            let row = try db.query("""
                SELECT id, title, pack_name, upvotes, downvotes, popularity_score FROM games WHERE id = ?
                """, [.integer(tally.gameID)]).first
            var game: JSONObject = ["key": .string(tally.key)]
            for member in row?.jsonObject.members ?? [] { game.append(member.key, member.value) }
            games.append(.object(game))
            if fresh, let vote = tally.vote, let row {
                events.append(Event("vote.received", [
                    "sessionId": .int(tally.sessionID),
                    "game": ["id": .int(tally.gameID), "title": row.jsonObject["title"] ?? .null,
                             "pack_name": row.jsonObject["pack_name"] ?? .null],
                    "vote": .object(vote),
                    "totals": ["upvotes": row.jsonObject["upvotes"] ?? 0, "downvotes": row.jsonObject["downvotes"] ?? 0,
                               "popularity_score": row.jsonObject["popularity_score"] ?? 0],
                ]))
            }
        }
        return WriteOutcome(body: ["games": .array(games)], events: events)
    }
}
