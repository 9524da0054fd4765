import Contracts
import JSON
import ServiceSupport
import Storage

/// `live_votes`: recording one (the duplicate rule, the tally in the same
/// transaction), listing them (`GET /api/votes`) and the per-game breakdown
/// of a session (`GET /api/sessions/{id}/votes`).
enum LiveVotes {
    static let duplicate = APIError(409, "Duplicate vote: this user already voted within 1 second")
    /// Two votes by one user closer than this (by their timestamps) are one
    /// vote sent twice.
    static let duplicateWindowMilliseconds: Int64 = 1000

    /// Stores the vote and its tally in one transaction and returns the
    /// tally to apply. The duplicate check runs here, on the database
    /// thread, so two concurrent posts by one user cannot both pass it.
    static func record(_ db: SQLiteConnection, _ request: LiveVoteRequest, sessionID: Int64,
                       game: VoteTimeline.Game, now: String, nowMilliseconds: Int64) throws -> TallyOutbox.Tally {
        let window = duplicateWindowMilliseconds
        guard try db.query("""
            SELECT 1 FROM live_votes WHERE username = ? AND timestamp_ms > ? AND timestamp_ms < ? LIMIT 1
            """, [.text(request.username), .integer(request.milliseconds - window),
                  .integer(request.milliseconds + window)]).isEmpty else { throw duplicate }
        try db.run("""
            INSERT INTO live_votes (session_id, session_game_id, game_id, game_title, pack_name, username, vote_type,
                                    timestamp, timestamp_ms, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.integer(sessionID), .integer(game.sessionGameID), .integer(game.gameID), .text(game.title),
                  .text(game.packName), .text(request.username), .integer(request.vote.sign),
                  .text(request.normalizedTimestamp), .integer(request.milliseconds), .text(now)])
        let tally = TallyOutbox.Tally(
            key: "live-\(db.lastInsertRowID)", sessionID: sessionID, gameID: game.gameID,
            up: request.vote == .up ? 1 : 0, down: request.vote == .down ? 1 : 0,
            vote: ["username": .string(request.username), "type": .string(request.vote.rawValue),
                   "timestamp": .string(request.normalizedTimestamp)])
        try TallyOutbox.insert(db, tally, nowMilliseconds: nowMilliseconds)
        return tally
    }

    // MARK: GET /api/votes

    struct ListQuery: Sendable, Equatable {
        var sessionID: Int64?
        var gameID: Int64?
        var username: String?
        var voteType: ChatVote?
        var page: Int64 = 1
        var limit: Int64 = 50

        static let maxLimit: Int64 = 100

        /// Filters as documented; a value that is not what its filter takes
        /// is a 400 naming the parameter (as `GET /api/games` does), and
        /// `limit` above 100 is capped.
        init(_ params: RequestParams) throws(APIError) {
            func positive(_ name: String) throws(APIError) -> Int64? {
                guard let text = params.query(name) else { return nil }
                guard let value = Int64(text), value > 0 else { throw APIError.badRequest("Invalid query parameter: \(name)") }
                return value
            }
            sessionID = try positive("session_id")
            gameID = try positive("game_id")
            username = params.query("username")
            if let text = params.query("vote_type") {
                guard let type = ChatVote(rawValue: text) else {
                    throw APIError.badRequest("Invalid query parameter: vote_type")
                }
                voteType = type
            }
            page = try positive("page") ?? 1
            limit = min(try positive("limit") ?? 50, Self.maxLimit)
        }

        var whereClause: (sql: String, bindings: [SQLiteValue]) {
            var conditions: [String] = []
            var bindings: [SQLiteValue] = []
            if let sessionID { conditions.append("session_id = ?"); bindings.append(.integer(sessionID)) }
            if let gameID { conditions.append("game_id = ?"); bindings.append(.integer(gameID)) }
            if let username { conditions.append("username = ?"); bindings.append(.text(username)) }
            if let voteType { conditions.append("vote_type = ?"); bindings.append(.integer(voteType.sign)) }
            return (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "), bindings)
        }
    }

    /// Newest first (by vote time, then id).
    static func list(_ db: SQLiteConnection, _ query: ListQuery) throws -> JSONValue {
        let (condition, bindings) = query.whereClause
        let total = try db.query("SELECT COUNT(*) AS n FROM live_votes" + condition, bindings).first?.int("n") ?? 0
        let offset = (query.page - 1).multipliedReportingOverflow(by: query.limit)
        let rows = offset.overflow ? [] : try db.query("""
            SELECT id, session_id, game_id, game_title, pack_name, username, vote_type, timestamp, created_at
            FROM live_votes\(condition) ORDER BY timestamp_ms DESC, id DESC LIMIT ? OFFSET ?
            """, bindings + [.integer(query.limit), .integer(offset.partialValue)])
        let votes: [JSONValue] = rows.map { row in
            var object = row.jsonObject
            object["vote_type"] = .string(ChatVote(sign: row.int("vote_type") ?? 0)?.rawValue ?? "")
            return .object(object)
        }
        let pages = (total + query.limit - 1) / query.limit
        return ["votes": .array(votes),
                "pagination": ["page": .int(query.page), "limit": .int(query.limit), "total": .int(total),
                               "total_pages": .int(pages)]]
    }

    // MARK: GET /api/sessions/{id}/votes

    /// Per game of the session: live up and down votes, `net_score`
    /// descending (ties: more votes first, then game id).
    static func breakdown(_ db: SQLiteConnection, sessionID: Int64) throws -> JSONValue {
        let rows = try db.query("""
            SELECT game_id, MAX(game_title) AS title, MAX(pack_name) AS pack_name,
                   SUM(vote_type = 1) AS upvotes, SUM(vote_type = -1) AS downvotes,
                   SUM(vote_type) AS net_score, COUNT(*) AS total_votes
            FROM live_votes WHERE session_id = ? GROUP BY game_id
            ORDER BY net_score DESC, total_votes DESC, game_id
            """, [.integer(sessionID)])
        return ["session_id": .int(sessionID), "votes": rows.jsonArray]
    }
}
