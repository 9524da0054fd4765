import Crypto
import Glibc
import HTTP
import IO
import JSON
import Runtime

/// Admin keys in, HS256 tokens out, and the check every Bearer route runs.
///
/// Keys are compared in constant time against every configured admin, so
/// neither the match position nor a near miss shows in the timing.
struct Authenticator: Sendable {
    struct Admin: Sendable, Equatable {
        let name: String
        let key: String
    }

    enum Failure: Error, Equatable {
        /// No usable `Authorization: Bearer <token>` header → 401.
        case missingToken
        /// Bad signature, wrong algorithm, expired, unparsable → 403.
        case invalidToken
    }

    static let tokenLifetimeSeconds: Int64 = 24 * 60 * 60

    let admins: [Admin]
    let signer: JWTSigner
    let throttle: LoginThrottle

    init(admins: [Admin], secret: [UInt8], throttle: LoginThrottle = LoginThrottle()) {
        self.admins = admins
        signer = JWTSigner(secret: secret)
        self.throttle = throttle
    }

    /// The admin owning `key`, if any.
    func admin(forKey key: String) -> Admin? {
        let given = Array(key.utf8)
        var found: Admin?
        for admin in admins where ConstantTime.equals(Array(admin.key.utf8), given) && found == nil {
            found = admin
        }
        return found
    }

    func issueToken(for admin: Admin, now: Int64) -> String {
        signer.sign(["role": "admin", "name": .string(admin.name), "iat": .int(now),
                     "exp": .int(now + Self.tokenLifetimeSeconds)])
    }

    /// Checks a token (from a WebSocket `auth` message, say).
    /// Besides the signature and times, the token must carry an integer
    /// `exp` (no everlasting tokens) and `role: "admin"`, as every token
    /// `issueToken` makes does.
    func verify(token: String, now: Int64) -> Result<JSONObject, Failure> {
        switch signer.verify(token, now: now) {
        case .success(let claims):
            guard case .int? = claims["exp"], claims["role"]?.stringValue == "admin" else {
                return .failure(.invalidToken)
            }
            return .success(claims)
        case .failure:
            return .failure(.invalidToken)
        }
    }

    /// Checks the request's Bearer token; the claims on success.
    func authenticate(_ head: HTTPRequestHead, now: Int64) -> Result<JSONObject, Failure> {
        guard let header = head.headers["authorization"] else { return .failure(.missingToken) }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .failure(.missingToken) }
        return verify(token: String(parts[1]).trimmingCharacters(), now: now)
    }

    static func currentUnixSeconds() -> Int64 { WallClock.nowMilliseconds() / 1000 }
}

extension String {
    fileprivate func trimmingCharacters() -> String {
        var view = Substring(self)
        while view.first == " " || view.first == "\t" { view.removeFirst() }
        while view.last == " " || view.last == "\t" { view.removeLast() }
        return String(view)
    }
}
