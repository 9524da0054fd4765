import Contracts

/// The routes backed by services: sessions (sessions-api.txt), session
/// games, the games catalogue and webhooks (platform-api.md).
enum APIRoutes {
    typealias Entry = (method: String, path: String, route: GatewayRoute)

    static var all: [Entry] {
        let byID = ["id"]
        let bySessionGame = ["id", "sessionGameId"]
        return [
            ("GET", "/api/sessions", GatewayRoute(handle: Forward.call(Method.sessionsList))),
            ("GET", "/api/sessions/active", GatewayRoute(handle: Forward.call(Method.sessionsActive))),
            ("GET", "/api/sessions/:id", GatewayRoute(handle: Forward.call(Method.sessionsGet, ids: byID))),
            ("POST", "/api/sessions", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.sessionsCreate, status: 201, body: true))),
            ("POST", "/api/sessions/:id/close", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.sessionsClose, ids: byID, body: true))),
            ("DELETE", "/api/sessions/:id", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.sessionsDelete, ids: byID))),

            ("GET", "/api/sessions/:id/games", GatewayRoute(handle: Forward.call(
                Method.sessionGamesList, ids: byID))),
            ("POST", "/api/sessions/:id/games", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.sessionGamesAdd, status: 201, ids: byID, body: true))),
            ("PATCH", "/api/sessions/:id/games/:sessionGameId/status", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.sessionGamesSetStatus, ids: bySessionGame, body: true))),
            ("DELETE", "/api/sessions/:id/games/:sessionGameId", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.sessionGamesRemove, ids: bySessionGame))),
            ("PATCH", "/api/sessions/:id/games/:sessionGameId/room-code", GatewayRoute(access: .bearer,
                handle: Forward.call(Method.sessionGamesSetRoomCode, ids: bySessionGame, body: true))),
            ("PATCH", "/api/sessions/:id/games/:sessionGameId/player-count", GatewayRoute(access: .bearer,
                handle: Forward.call(Method.sessionGamesSetPlayerCount, ids: bySessionGame, body: true))),

            ("GET", "/api/games", GatewayRoute(handle: Forward.call(Method.gamesList, query: true))),
            ("GET", "/api/games/:id", GatewayRoute(handle: Forward.call(Method.gamesGet, ids: byID))),
            ("POST", "/api/games", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.gamesCreate, status: 201, body: true))),
            ("PUT", "/api/games/:id", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.gamesUpdate, ids: byID, body: true))),
            ("DELETE", "/api/games/:id", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.gamesDelete, ids: byID))),
            ("PATCH", "/api/games/:id/toggle", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.gamesToggle, ids: byID))),

            // Webhooks (platform-api.md "Webhooks"): all Bearer.
            ("GET", "/api/webhooks", GatewayRoute(access: .bearer, handle: Forward.call(Method.webhooksList))),
            ("GET", "/api/webhooks/:id", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.webhooksGet, ids: byID))),
            ("POST", "/api/webhooks", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.webhooksCreate, status: 201, body: true))),
            ("PATCH", "/api/webhooks/:id", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.webhooksUpdate, ids: byID, body: true))),
            ("DELETE", "/api/webhooks/:id", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.webhooksDelete, ids: byID))),
            ("POST", "/api/webhooks/test/:id", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.webhooksTest, ids: byID))),
            ("GET", "/api/webhooks/:id/logs", GatewayRoute(access: .bearer, handle: Forward.call(
                Method.webhooksLogs, ids: byID, query: true))),
        ]
    }
}
