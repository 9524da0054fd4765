/// JSON-RPC method names, `resource.verb`, shared by callers and services so
/// a typo is a compile error rather than a -32601 at run time.
///
/// Params convention for the HTTP-backed methods: path parameters by name
/// (`id`, `sessionGameId` as integers; 0 when the path held no valid id, so
/// the method answers its not-found error), `body` (the request's JSON
/// object) and `query` (an object of query parameters, strings).
public enum Method {
    /// Every service: `{}` → `{"status":"ok","service":<name>}`.
    public static let health = "system.health"
    /// Gateway event socket (notification): `{"type":<event>,"data":{…}}`.
    public static let publishEvent = "events.publish"

    public static let sessionsList = "sessions.list"
    public static let sessionsActive = "sessions.active"
    public static let sessionsGet = "sessions.get"
    public static let sessionsCreate = "sessions.create"
    public static let sessionsClose = "sessions.close"
    public static let sessionsDelete = "sessions.delete"

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

    public static let webhooksList = "webhooks.list"
    public static let webhooksGet = "webhooks.get"
    public static let webhooksCreate = "webhooks.create"
    public static let webhooksUpdate = "webhooks.update"
    public static let webhooksDelete = "webhooks.delete"
    /// Enqueues a `webhook.test` delivery for the webhook `id`.
    public static let webhooksTest = "webhooks.test"
    /// The webhook `id`'s delivery attempts, newest first.
    public static let webhooksLogs = "webhooks.logs"
}
