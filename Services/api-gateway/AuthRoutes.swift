import HTTP
import JSON
import Runtime

/// `POST /api/auth/login` and `POST /api/auth/verify` (platform-api.md, Auth).
enum AuthRoutes {
    /// `{"key":"…"}` needs a few dozen bytes; anyone may send it, so it is
    /// parsed only when small (413 beyond).
    static let loginBodyLimit = 4 * 1024

    static func login(_ authenticator: Authenticator) -> (GatewayRequest) -> Void {
        { request in
            let address = request.exchange.peerAddress
            if let seconds = authenticator.throttle.retryAfterSeconds(address) {
                var response = HTTPMapping.json(429, ["error": "Too many failed login attempts; try again later"])
                response.headers.add(name: "Retry-After", value: "\(seconds)")
                return request.respond(response)
            }
            guard let body = request.jsonObject() else { return }
            guard let key = body["key"]?.stringValue, !key.isEmpty else {
                return request.respond(400, ["error": "Admin key is required"])
            }
            guard let admin = authenticator.admin(forKey: key) else {
                authenticator.throttle.recordFailure(address)
                request.exchange.logger.warning("login failed", ("client", address),
                                                ("request_id", request.exchange.requestID))
                return request.respond(401, ["error": "Invalid admin key"])
            }
            let token = authenticator.issueToken(for: admin, now: Authenticator.currentUnixSeconds())
            request.respond(200, ["token": .string(token), "message": "Authentication successful", "expiresIn": "24h"])
        }
    }

    /// Runs behind the Bearer check, so the claims are valid here.
    static func verify(_ request: GatewayRequest) {
        let claims = request.claims ?? JSONObject()
        var user = JSONObject()
        for key in ["role", "name", "iat", "exp"] { user.append(key, claims[key] ?? .null) }
        request.respond(200, ["valid": true, "user": .object(user)])
    }
}
