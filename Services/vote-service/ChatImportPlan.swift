import Contracts
import JSON

/// What a chat import will store and count, worked out before touching the
/// database (pure, so it is unit-tested on its own): every message with its
/// dedup hash, its vote if it casts one, and the game that vote goes to.
struct ChatImportPlan: Sendable {
    struct Message: Sendable, Equatable {
        let username: String
        let message: String
        /// As sent: it is part of the dedup hash.
        let timestamp: String
        /// Normalized (`2026-03-15T20:30:00.000Z`) when it parses; else as sent.
        let storedTimestamp: String
        let milliseconds: Int64?
        /// SHA-256 of `username:message:timestamp` (`ChatVote.dedupDigest`).
        let hash: [UInt8]
        let vote: ChatVote?
        /// The game the vote counts for: nil for non-votes, votes before
        /// the first game and unparsable timestamps.
        let game: VoteTimeline.Game?
    }

    let messages: [Message]

    static let notAnArray = APIError.badRequest("chatData must be an array")
    static let noGames = APIError.badRequest("No games played in this session to match votes against")

    /// The `chatData` array, checked before the session is looked up.
    static func entries(in body: JSONObject) throws(APIError) -> [JSONValue] {
        guard let entries = body["chatData"]?.arrayValue else { throw notAnArray }
        return entries
    }

    /// Each entry must be an object whose `username`, `message` and
    /// `timestamp` are strings; otherwise the whole import is refused with
    /// the entry's index, and nothing is stored.
    init(entries: [JSONValue], timeline: VoteTimeline) throws(APIError) {
        var messages: [Message] = []
        messages.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            guard let username = entry["username"]?.stringValue, let text = entry["message"]?.stringValue,
                  let timestamp = entry["timestamp"]?.stringValue else {
                throw APIError.badRequest("chatData[\(index)] must be an object with string username, message and timestamp")
            }
            let milliseconds = Timestamp.parse(timestamp)
            let vote = ChatVote.parse(message: text)
            let game = vote == nil ? nil : milliseconds.flatMap { timeline.game(at: $0) }
            messages.append(Message(
                username: username, message: text, timestamp: timestamp,
                storedTimestamp: milliseconds.map { Timestamp.format(milliseconds: $0) } ?? timestamp,
                milliseconds: milliseconds,
                hash: ChatVote.dedupDigest(username: username, message: text, timestamp: timestamp),
                vote: vote, game: game))
        }
        self.messages = messages
    }
}
