import HTTP
import JSON
import Runtime
import WebSocket

/// The gateway's routing table and the HTTP-level rules around it: 404 for
/// unknown routes, CORS preflight, per-route body limits.
final class GatewayApplication: HTTPApplication, @unchecked Sendable {
    private var router = Router<GatewayRoute>()
    private let upstreams: Upstreams
    private let authenticator: Authenticator
    private let defaultBodyLimit = GatewayRoute.defaultBodyLimit

    init(upstreams: Upstreams, authenticator: Authenticator, hub: LiveHub, assets: StaticAssets = WebAssets.table) {
        self.upstreams = upstreams
        self.authenticator = authenticator
        router.add("GET", "/api/sessions/live", GatewayRoute(handle: LiveRoute.handler(hub: hub)))
        router.add("GET", "/api/sessions/live/public", GatewayRoute(handle: LiveRoute.handler(hub: hub, readOnly: true)))
        router.add("GET", "/health", GatewayRoute(handle: HealthRoutes.health))
        router.add("GET", "/health/live", GatewayRoute(handle: HealthRoutes.live))
        router.add("POST", "/api/auth/login", GatewayRoute(bodyLimit: AuthRoutes.loginBodyLimit,
                                                             handle: AuthRoutes.login(authenticator)))
        router.add("POST", "/api/auth/verify", GatewayRoute(access: .bearer, handle: AuthRoutes.verify))
        router.add("GET", "/api/openapi.json", GatewayRoute(handle: OpenAPIRoute.serve))
        for api in APIRoutes.all { router.add(api.method, api.path, api.route) }
        // The dashboard (docs/dashboard.md): one GET route per embedded file.
        let serveStatic = GatewayRoute(handle: StaticRoute.handler(assets))
        for path in assets.paths { router.add("GET", path, serveStatic) }
    }

    func route(_ head: HTTPRequestHead) -> HTTPRoute {
        let match = router.match(method: head.method, path: head.path)
        switch match {
        case .found(let route, let parameters)?:
            // Authenticate at the head: a request without a valid token
            // never gets a raised body limit nor reaches a service.
            var claims: JSONObject?
            if route.access == .bearer {
                switch authenticator.authenticate(head, now: Authenticator.currentUnixSeconds()) {
                case .success(let verified): claims = verified
                case .failure(.missingToken):
                    return HTTPRoute(bodyLimit: defaultBodyLimit) { $0.respond(HTTPMapping.tokenRequired) }
                case .failure(.invalidToken):
                    return HTTPRoute(bodyLimit: defaultBodyLimit) { $0.respond(HTTPMapping.invalidToken) }
                }
            }
            let upstreams = self.upstreams
            return HTTPRoute(bodyLimit: route.bodyLimit) { [claims] exchange in
                route.handle(GatewayRequest(exchange: exchange, parameters: parameters, upstreams: upstreams,
                                            claims: claims))
            }
        case .methodNotAllowed(let allowed)? where head.method == "OPTIONS":
            return HTTPRoute(bodyLimit: defaultBodyLimit) { exchange in
                exchange.respond(Self.preflight(allowed: allowed, head: head))
            }
        case .methodNotAllowed? where head.headers.contains(name: "upgrade"):
            // A WebSocket handshake with the wrong method is a bad handshake
            // (RFC 6455 §4.2.1: 400), not an unknown route.
            return HTTPRoute(bodyLimit: defaultBodyLimit) { exchange in
                if case .failure(let refusal) = WebSocketHandshake.evaluate(head) {
                    exchange.respond(refusal.response)
                } else {
                    exchange.respond(HTTPMapping.notFound)
                }
            }
        case .methodNotAllowed(let allowed)?:
            // A known path with another method (RFC 9110 §15.5.6).
            return HTTPRoute(bodyLimit: defaultBodyLimit) { exchange in
                var response = HTTPMapping.methodNotAllowed
                response.headers.add(name: "Allow", value: (allowed + ["OPTIONS"]).joined(separator: ", "))
                exchange.respond(response)
            }
        case nil:
            return HTTPRoute(bodyLimit: defaultBodyLimit) { $0.respond(HTTPMapping.notFound) }
        }
    }

    /// CORS preflight (Fetch standard, "CORS-preflight request"): the
    /// methods this path supports and the headers dashboards send.
    private static func preflight(allowed: [String], head: HTTPRequestHead) -> HTTPResponse {
        var response = HTTPResponse(status: 204)
        response.headers.add(name: "Access-Control-Allow-Methods", value: (allowed + ["OPTIONS"]).joined(separator: ", "))
        response.headers.add(name: "Access-Control-Allow-Headers",
                             value: head.headers["access-control-request-headers"] ?? "Authorization, Content-Type")
        response.headers.add(name: "Access-Control-Max-Age", value: "86400")
        return response
    }
}
