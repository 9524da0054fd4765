import Contracts
import Runtime

/// The routes backed by services: sessions (sessions-api.txt), session
/// games, the games catalogue, webhooks and votes (platform-api.md).
///
/// A route names its pattern, access, method and service; what it forwards
/// (path parameters, query, body) follows from the pattern and the request
/// (`ForwardedParams`), so there are no per-route lists or flags to forget.
enum APIRoutes {
    /// The chat import takes whole chat logs (platform-api.md: 413 past 16 MiB).
    static let chatImportBodyLimit = 16 * 1024 * 1024
    /// Hashing, matching and storing 16 MiB of chat takes seconds, not the
    /// milliseconds `RPC_TIMEOUT_MS` is sized for.
    static let chatImportTimeoutMilliseconds = 60_000
    /// A whole catalogue as CSV (the built-in one is ~5 KiB).
    static let catalogueImportBodyLimit = 4 * 1024 * 1024
    /// Parsing, checking and writing a 4 MiB catalogue in one transaction
    /// is a bulk job too (10,000 rows: ~0.1 s idle, seconds on a loaded box).
    static let catalogueImportTimeoutMilliseconds = 30_000

    static var all: [APIRoute] {
        [
            route("GET", "/api/sessions", .public, Method.sessionsList, on: .session, answer: .enveloped),
            route("GET", "/api/sessions/active", .public, Method.sessionsActive, on: .session),
            route("GET", "/api/sessions/:id", .public, Method.sessionsGet, on: .session),
            route("POST", "/api/sessions", .bearer, Method.sessionsCreate, on: .session, answer: .created),
            route("POST", "/api/sessions/:id/close", .bearer, Method.sessionsClose, on: .session),
            route("DELETE", "/api/sessions/:id", .bearer, Method.sessionsDelete, on: .session),
            route("POST", "/api/sessions/:id/archive", .bearer, Method.sessionsArchive, on: .session),
            route("POST", "/api/sessions/:id/unarchive", .bearer, Method.sessionsUnarchive, on: .session),
            // A literal segment wins over `:id` (RouteTrie tries literals
            // first), so this is never session "bulk".
            route("POST", "/api/sessions/bulk", .bearer, Method.sessionsBulk, on: .session),

            route("GET", "/api/sessions/:id/games", .public, Method.sessionGamesList, on: .session),
            route("POST", "/api/sessions/:id/games", .bearer, Method.sessionGamesAdd, on: .session, answer: .created),
            route("PATCH", "/api/sessions/:id/games/:sessionGameId/status", .bearer, Method.sessionGamesSetStatus,
                  on: .session),
            route("DELETE", "/api/sessions/:id/games/:sessionGameId", .bearer, Method.sessionGamesRemove, on: .session),
            route("PATCH", "/api/sessions/:id/games/:sessionGameId/room-code", .bearer, Method.sessionGamesSetRoomCode,
                  on: .session),
            route("PATCH", "/api/sessions/:id/games/:sessionGameId/player-count", .bearer,
                  Method.sessionGamesSetPlayerCount, on: .session),

            route("GET", "/api/sessions/:id/games/:sessionGameId/status-live", .public, Method.sessionGamesStatusLive,
                  on: .session),
            route("POST", "/api/sessions/:id/games/:sessionGameId/start-player-check", .bearer,
                  Method.sessionGamesStartPlayerCheck, on: .session),
            route("POST", "/api/sessions/:id/games/:sessionGameId/stop-player-check", .bearer,
                  Method.sessionGamesStopPlayerCheck, on: .session),

            route("GET", "/api/games", .public, Method.gamesList, on: .session),
            route("GET", "/api/games/:id", .public, Method.gamesGet, on: .session),
            route("POST", "/api/games", .bearer, Method.gamesCreate, on: .session, answer: .created),
            route("PUT", "/api/games/:id", .bearer, Method.gamesUpdate, on: .session),
            route("DELETE", "/api/games/:id", .bearer, Method.gamesDelete, on: .session),
            route("PATCH", "/api/games/:id/toggle", .bearer, Method.gamesToggle, on: .session),
            route("PATCH", "/api/games/:id/favor", .bearer, Method.gamesSetFavor, on: .session),
            // Static segments win over `:id` (RouteTrie tries literals first),
            // so `/api/games/packs` is never game "packs".
            route("GET", "/api/games/packs", .public, Method.packsList, on: .session),
            route("GET", "/api/games/meta/packs", .public, Method.packsMeta, on: .session),
            route("PATCH", "/api/games/packs/:name/toggle", .bearer, Method.packsToggle, on: .session),
            route("PATCH", "/api/games/packs/:name/favor", .bearer, Method.packsSetFavor, on: .session),
            route("GET", "/api/games/export/csv", .bearer, Method.gamesExportCSV, on: .session, answer: .download),
            route("POST", "/api/games/import/csv", .bearer, Method.gamesImportCSV, on: .session,
                  bodyLimit: catalogueImportBodyLimit, timeoutMilliseconds: catalogueImportTimeoutMilliseconds),
            route("POST", "/api/pick", .public, Method.gamesPick, on: .session),
            route("GET", "/api/stats", .public, Method.gamesStats, on: .session),

            // Webhooks (platform-api.md "Webhooks"): all Bearer.
            route("GET", "/api/webhooks", .bearer, Method.webhooksList, on: .session),
            route("GET", "/api/webhooks/:id", .bearer, Method.webhooksGet, on: .session),
            route("POST", "/api/webhooks", .bearer, Method.webhooksCreate, on: .session, answer: .created),
            route("PATCH", "/api/webhooks/:id", .bearer, Method.webhooksUpdate, on: .session),
            route("DELETE", "/api/webhooks/:id", .bearer, Method.webhooksDelete, on: .session),
            route("POST", "/api/webhooks/test/:id", .bearer, Method.webhooksTest, on: .session),
            route("GET", "/api/webhooks/:id/logs", .bearer, Method.webhooksLogs, on: .session),

            // Votes (platform-api.md "Votes", "Chat import", "Export").
            route("POST", "/api/votes/live", .bearer, Method.votesLive, on: .vote),
            route("GET", "/api/votes", .public, Method.votesList, on: .vote),
            route("GET", "/api/sessions/:id/votes", .public, Method.votesBySession, on: .vote),
            route("POST", "/api/sessions/:id/chat-import", .bearer, Method.votesImportChat, on: .vote,
                  bodyLimit: chatImportBodyLimit, timeoutMilliseconds: chatImportTimeoutMilliseconds),
            route("GET", "/api/sessions/:id/export", .bearer, Method.votesExportSession, on: .vote,
                  answer: .download),
        ]
    }

    /// A route forwarding to `rpcMethod` on `service`.
    static func route(_ method: String, _ path: String, _ access: GatewayRoute.Access, _ rpcMethod: String,
                      on service: BackendService, answer: Forward.Answer = .ok,
                      bodyLimit: Int = GatewayRoute.defaultBodyLimit, timeoutMilliseconds: Int? = nil) -> APIRoute {
        APIRoute(method: method, path: path,
                 route: GatewayRoute(access: access, bodyLimit: bodyLimit,
                                     handle: Forward.call(rpcMethod, on: service, answer: answer,
                                                          timeoutMilliseconds: timeoutMilliseconds,
                                                          unknownID: PathIDs.notFound(forPattern: path))))
    }
}

/// One entry of the API route table.
struct APIRoute {
    let method: String
    let path: String
    let route: GatewayRoute
}
