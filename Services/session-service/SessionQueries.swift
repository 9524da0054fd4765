/// The SELECT lists behind each documented object, columns in documented
/// order (see `SQLiteRow.jsonObject`).
enum SessionQueries {
    static let session = """
        SELECT s.id, s.notes, s.is_active, s.created_at, s.closed_at, s.games_played, s.archived
        FROM sessions s
        """

    /// A session game joined with its game, as `GET …/games` lists it.
    static let sessionGame = """
        SELECT sg.id, sg.session_id, sg.game_id, sg.manually_added, sg.status, sg.room_code, sg.played_at,
               sg.player_count, g.pack_name, g.title, g.game_type, g.min_players, g.max_players,
               g.popularity_score, g.upvotes, g.downvotes
        FROM session_games sg JOIN games g ON g.id = sg.game_id
        """

    /// The 201 body of `POST …/games`.
    static let addedSessionGame = """
        SELECT sg.id, sg.session_id, sg.game_id, sg.manually_added, sg.status, sg.room_code, sg.played_at,
               g.pack_name, g.title, g.game_type, g.min_players, g.max_players
        FROM session_games sg JOIN games g ON g.id = sg.game_id
        """

    /// The 200 body of `PATCH …/room-code`.
    static let roomCodeSessionGame = """
        SELECT sg.id, sg.session_id, sg.game_id, sg.manually_added, sg.status, sg.room_code, sg.played_at,
               g.pack_name, g.title, g.game_type, g.min_players, g.max_players,
               g.popularity_score, g.upvotes, g.downvotes
        FROM session_games sg JOIN games g ON g.id = sg.game_id
        """
}
