import Contracts
import JSON

/// The games of one session in play order, and which one a vote at a given
/// moment belongs to (platform-api.md "Live votes"): game *i* owns
/// `[played_at_i, played_at_{i+1})`, the last game is open-ended, a moment
/// before the first game belongs to none.
struct VoteTimeline: Sendable {
    struct Game: Sendable, Equatable {
        let sessionGameID: Int64
        let gameID: Int64
        let title: String
        let packName: String
        let playedAt: String
        let playedAtMilliseconds: Int64
    }

    /// Sorted by (played_at, session game id): the order of
    /// `GET /api/sessions/{id}/games`.
    let games: [Game]

    init(games: [Game]) {
        self.games = games.sorted {
            ($0.playedAtMilliseconds, $0.sessionGameID) < ($1.playedAtMilliseconds, $1.sessionGameID)
        }
    }

    /// From the `games` array of `sessions.snapshot` (rows of
    /// `GET /api/sessions/{id}/games`). Rows whose `played_at` does not parse
    /// cannot own an interval and are left out.
    init(snapshotGames rows: [JSONValue]) {
        self.init(games: rows.compactMap { row in
            guard let id = row["id"]?.intValue, let gameID = row["game_id"]?.intValue,
                  let playedAt = row["played_at"]?.stringValue,
                  let milliseconds = Timestamp.parse(playedAt) else { return nil }
            return Game(sessionGameID: id, gameID: gameID, title: row["title"]?.stringValue ?? "",
                        packName: row["pack_name"]?.stringValue ?? "", playedAt: playedAt,
                        playedAtMilliseconds: milliseconds)
        })
    }

    var isEmpty: Bool { games.isEmpty }

    /// The game being played at `milliseconds`, by binary search: the last
    /// game whose start is ≤ the moment.
    func game(at milliseconds: Int64) -> Game? {
        var low = 0, high = games.count  // first index whose start is > moment
        while low < high {
            let middle = (low + high) / 2
            if games[middle].playedAtMilliseconds <= milliseconds { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : games[low - 1]
    }

    /// `debug.sessionGamesTimeline` of the chat-import reply.
    var debugJSON: JSONValue {
        .array(games.map { game in
            ["title": .string(game.title), "played_at": .string(game.playedAt),
             "played_at_ms": .int(game.playedAtMilliseconds)]
        })
    }
}
