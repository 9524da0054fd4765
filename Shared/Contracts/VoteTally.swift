import JSON

/// Votes counted in votes.db on their way to the games' counters in
/// sessions.db (`games.applyVoteTallies`; docs/architecture.md, "Exactly
/// once"): session-service applies each key once.
public struct VoteTally: Sendable, Equatable {
    /// The idempotency key: `live-<vote id>` or `chat-<import>-<game id>`.
    public let key: String
    public let sessionID: Int64
    /// `games.id`.
    public let gameID: Int64
    public let up: Int64
    public let down: Int64
    /// `{"username","type","timestamp"}` of a live vote: session-service
    /// announces it as `vote.received` when it applies the tally.
    public let vote: JSONObject?

    public init(key: String, sessionID: Int64, gameID: Int64, up: Int64, down: Int64, vote: JSONObject?) {
        self.key = key
        self.sessionID = sessionID
        self.gameID = gameID
        self.up = up
        self.down = down
        self.vote = vote
    }

    /// An element of `games.applyVoteTallies`' `tallies`.
    public var json: JSONValue {
        var object: JSONObject = ["key": .string(key), "session_id": .int(sessionID), "game_id": .int(gameID),
                                  "up": .int(up), "down": .int(down)]
        if let vote { object.append("vote", .object(vote)) }
        return .object(object)
    }

    /// Reads `json`; nil unless key, session_id, game_id, up ≥ 0 and down ≥ 0
    /// are there.
    public init?(json: JSONValue) {
        guard let key = json["key"]?.stringValue, !key.isEmpty,
              let session = json["session_id"]?.intValue, let game = json["game_id"]?.intValue,
              let up = json["up"]?.intValue, let down = json["down"]?.intValue, up >= 0, down >= 0 else { return nil }
        self.init(key: key, sessionID: session, gameID: game, up: up, down: down, vote: json["vote"]?.objectValue)
    }
}
