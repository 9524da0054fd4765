/// JSON-RPC method names, `resource.verb`, shared by callers and services so
/// a typo is a compile error rather than a -32601 at run time.
///
/// Params convention for the HTTP-backed methods (the gateway's
/// `ForwardedParams`): every path parameter by name — `id` and names ending
/// in `Id` as integers (0 when the path held no valid id, so the method
/// answers its not-found error), any other as its percent-decoded string —;
/// `query`, always, an object of query parameters (strings, first value
/// wins); `body`, the request's JSON object, whenever the request has a body
/// or is a POST, PUT or PATCH (an empty body reads as `{}`).
public enum Method {
    /// Every service: `{}` → `{"status":"ok","service":<name>}`.
    public static let health = "system.health"
    /// Gateway event socket (notification): `{"type":<event>,"data":{…}}`.
    public static let publishEvent = "events.publish"

    /// `{"query": {"filter","limit","before"}}` → `{"headers": {…}, "body":
    /// [sessions]}`: the gateway sends `body` with those response headers.
    public static let sessionsList = "sessions.list"
    public static let sessionsActive = "sessions.active"
    public static let sessionsGet = "sessions.get"
    public static let sessionsCreate = "sessions.create"
    public static let sessionsClose = "sessions.close"
    public static let sessionsDelete = "sessions.delete"
    /// `POST /api/sessions/{id}/archive` and `…/unarchive` → the session.
    public static let sessionsArchive = "sessions.archive"
    public static let sessionsUnarchive = "sessions.unarchive"
    /// `POST /api/sessions/bulk` `{"action","ids"}` → `{"success","affected"}`.
    public static let sessionsBulk = "sessions.bulk"

    public static let sessionGamesList = "sessionGames.list"
    public static let sessionGamesAdd = "sessionGames.add"
    public static let sessionGamesSetStatus = "sessionGames.setStatus"
    public static let sessionGamesRemove = "sessionGames.remove"
    public static let sessionGamesSetRoomCode = "sessionGames.setRoomCode"
    public static let sessionGamesSetPlayerCount = "sessionGames.setPlayerCount"

    public static let gamesList = "games.list"
    public static let gamesGet = "games.get"
    public static let gamesCreate = "games.create"
    public static let gamesUpdate = "games.update"
    public static let gamesDelete = "games.delete"
    public static let gamesToggle = "games.toggle"
    /// `PATCH /api/games/{id}/favor` `{"favor_bias": -1|0|1}` → the game row.
    public static let gamesSetFavor = "games.setFavor"
    /// `POST /api/pick`: a weighted random enabled game passing the filters.
    public static let gamesPick = "games.pick"
    /// `GET /api/stats`: catalogue, session and play figures.
    public static let gamesStats = "games.stats"
    /// `GET /api/games/packs` and `GET /api/games/meta/packs`.
    public static let packsList = "packs.list"
    public static let packsMeta = "packs.meta"
    /// `PATCH /api/games/packs/{name}/toggle` and `…/favor` (`name`: the
    /// percent-decoded pack name).
    public static let packsToggle = "packs.toggle"
    public static let packsSetFavor = "packs.setFavor"
    /// `GET /api/games/export/csv` → `{"contentType","filename","body"}`.
    public static let gamesExportCSV = "games.exportCSV"
    /// `POST /api/games/import/csv` `{"csvData","mode"}`.
    public static let gamesImportCSV = "games.importCSV"

    public static let webhooksList = "webhooks.list"
    public static let webhooksGet = "webhooks.get"
    public static let webhooksCreate = "webhooks.create"
    public static let webhooksUpdate = "webhooks.update"
    public static let webhooksDelete = "webhooks.delete"
    /// Enqueues a `webhook.test` delivery for the webhook `id`.
    public static let webhooksTest = "webhooks.test"
    /// The webhook `id`'s delivery attempts, newest first.
    public static let webhooksLogs = "webhooks.logs"

    // session-service, for the other services (not routed by the gateway).
    /// `{"id": N}` or `{"active": true}` → `{"session": {…row…}, "games":
    /// [{…session game joined with its game, played_at order…}]}`; the
    /// documented 404s otherwise. With `"ticker"` (ticker votes) also
    /// `"tickerGame"`: that game's row or null.
    public static let sessionsSnapshot = "sessions.snapshot"
    /// Applies vote tallies to the games' counters exactly once per key:
    /// `{"tallies": [{"key","session_id","game_id","up","down","vote"?}]}` →
    /// `{"games": [{"key","id","title","pack_name","upvotes","downvotes",
    /// "popularity_score"}]}`. A key already applied changes nothing.
    public static let gamesApplyVoteTallies = "games.applyVoteTallies"

    // vote-service
    public static let votesLive = "votes.live"
    public static let votesList = "votes.list"
    public static let votesBySession = "votes.bySession"
    public static let votesImportChat = "votes.importChat"
    /// `{"id", "query": {"format"}}` → `{"contentType","filename","body"}`
    /// (the gateway sends `body` as the download, not as JSON).
    public static let votesExportSession = "votes.exportSession"
    /// session-service → vote-service after a session is deleted:
    /// `{"sessionId"}` removes its chat logs and live votes (idempotent).
    public static let votesPurgeSession = "votes.purgeSession"

    // session-service, routed by the gateway (player checks)
    public static let sessionGamesStatusLive = "sessionGames.statusLive"
    public static let sessionGamesStartPlayerCheck = "sessionGames.startPlayerCheck"
    public static let sessionGamesStopPlayerCheck = "sessionGames.stopPlayerCheck"
    /// monitor-service → session-service: `{"sessionGameId","roomCode",
    /// "checkStatus","playerCount"?,"status"?}` sets the session game's
    /// `player_count_check_status`, `player_count` and `status` (only
    /// `played`), when its room code is still `roomCode`. Idempotent.
    public static let sessionGamesMonitorUpdate = "sessionGames.monitorUpdate"

    // monitor-service (each instance), called by session-service
    /// `{"sessionId","sessionGameId","roomCode"}`: watch the room (idempotent
    /// for the same code; a new code replaces the old monitor).
    public static let monitorsStart = "monitors.start"
    /// `{"sessionGameId","reason"}` (reason: manual, session_closed,
    /// game_removed, room_code_changed, status_changed). Idempotent.
    public static let monitorsStop = "monitors.stop"
    /// `{"sessionGameId"}` → the live status object, or `null` when this
    /// instance runs no monitor for it.
    public static let monitorsStatus = "monitors.status"
}
