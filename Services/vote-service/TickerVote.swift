import Contracts
import JSON

/// A live vote naming its game by ticker (`POST /api/votes/live` with
/// `"ticker"`): it goes to that game whatever is being played, as long as
/// the game exists and is enabled; it is still recorded against the active
/// session and counted through the same duplicate rule and `live-<id>`
/// tally as any live vote.
///
/// `session_game_id` of such a vote: the game's session game in the active
/// session — its latest one (play order) started at or before the vote's
/// moment, else its latest one — or 0 when the game is not in the session.
enum TickerVote {
    static let unknownTicker = APIError.notFound("Unknown ticker")

    /// The vote's game from `sessions.snapshot`'s `tickerGame` (null when no
    /// game has the ticker); nil (→ 404 Unknown ticker) when there is none
    /// or it is disabled.
    static func game(_ row: JSONValue?, timeline: VoteTimeline, at milliseconds: Int64 = .max) -> VoteTimeline.Game? {
        guard let row, let id = row["id"]?.intValue, row["enabled"]?.intValue == 1 else { return nil }
        let played = timeline.games.filter { $0.gameID == id }
        let sessionGame = played.last { $0.playedAtMilliseconds <= milliseconds } ?? played.last
        return VoteTimeline.Game(sessionGameID: sessionGame?.sessionGameID ?? 0, gameID: id,
                                 title: row["title"]?.stringValue ?? "", packName: row["pack_name"]?.stringValue ?? "",
                                 playedAt: sessionGame?.playedAt ?? "", playedAtMilliseconds: sessionGame?.playedAtMilliseconds ?? 0)
    }
}
