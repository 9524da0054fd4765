import JSON
import ServiceSupport
import Storage

/// `GET /api/stats`: one aggregate query per figure, never every row.
///
/// The top lists hold the 10 games with a positive popularity score
/// (`topRatedGames`) or at least one play (`mostPlayedGames`), highest
/// first, ties by title (then id); indexes `games_by_popularity` and
/// `games_by_play_count` serve them.
enum CatalogueStats {
    static let topCount = 10

    static func stats(_ db: SQLiteConnection) throws -> JSONValue {
        let games = try db.query("""
            SELECT COUNT(*) AS total, COALESCE(SUM(enabled), 0) AS enabled, COUNT(DISTINCT pack_name) AS packs
            FROM games
            """)[0]
        let sessions = try db.query("""
            SELECT COUNT(*) AS total, COALESCE(SUM(is_active), 0) AS active FROM sessions
            """)[0]
        let played = try db.query("SELECT COUNT(*) AS n FROM session_games")[0]
        let topRated = try db.query("""
            SELECT id, title, pack_name, popularity_score, upvotes, downvotes FROM games
            WHERE popularity_score > 0 ORDER BY popularity_score DESC, title, id LIMIT \(topCount)
            """)
        let mostPlayed = try db.query("""
            SELECT id, title, pack_name, play_count FROM games
            WHERE play_count > 0 ORDER BY play_count DESC, title, id LIMIT \(topCount)
            """)
        return [
            "games": .object(games.jsonObject),
            "sessions": .object(sessions.jsonObject),
            "gamesPlayed": .int(played.int("n") ?? 0),
            "topRatedGames": topRated.jsonArray,
            "mostPlayedGames": mostPlayed.jsonArray,
        ]
    }
}
