import Contracts
import JSON

/// A validated `POST /api/votes/live` body (platform-api.md "Live votes"),
/// checked in the documented order: all three fields present, then the
/// vote, then the timestamp.
struct LiveVoteRequest: Sendable, Equatable {
    let username: String
    let vote: ChatVote
    /// As sent; stored and echoed normalized (`normalizedTimestamp`).
    let timestamp: String
    let milliseconds: Int64
    /// A ticker vote: the game with this ticker (upper-cased, so chat's
    /// `qpl3` is `QPL3`) rather than the one being played at `timestamp`.
    var ticker: String? = nil

    static let missingFields = APIError.badRequest("Missing required fields: username, vote, timestamp")
    static let invalidVote = APIError.badRequest("vote must be either \"up\" or \"down\"")
    static let invalidTimestamp = APIError.badRequest(
        "Invalid timestamp format. Use ISO 8601 format (e.g., 2025-11-01T20:30:00Z)")
    /// Longer names are not chat usernames (Twitch allows 25, YouTube 100).
    /// Counted in characters (Unicode scalars), as JSON Schema's `maxLength`
    /// in docs/openapi.json counts them.
    static let maxUsernameLength = 256
    static let invalidTicker = APIError.badRequest("ticker must be a non-empty string")

    var normalizedTimestamp: String { Timestamp.format(milliseconds: milliseconds) }

    static func parse(_ body: JSONObject) throws(APIError) -> LiveVoteRequest {
        guard let username = body["username"]?.stringValue, !username.isEmpty,
              let vote = body["vote"]?.stringValue, !vote.isEmpty,
              let timestamp = body["timestamp"]?.stringValue, !timestamp.isEmpty else { throw missingFields }
        guard username.unicodeScalars.count <= maxUsernameLength else {
            throw APIError.badRequest("username must be at most \(maxUsernameLength) characters")
        }
        guard let choice = ChatVote(rawValue: vote) else { throw invalidVote }
        guard let milliseconds = Timestamp.parse(timestamp) else { throw invalidTimestamp }
        var ticker: String?
        switch body["ticker"] {
        case nil, .null?: ticker = nil
        case .string(let text)? where !text.isEmpty: ticker = text.uppercased()
        default: throw invalidTicker
        }
        return LiveVoteRequest(username: username, vote: choice, timestamp: timestamp, milliseconds: milliseconds,
                               ticker: ticker)
    }
}
