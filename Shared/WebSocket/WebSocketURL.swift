/// A `ws://` or `wss://` URI split into what the opening handshake needs
/// (RFC 6455 §3): host, port, resource name, and whether TLS is used.
///
/// Rules (§3): the scheme is case-insensitive; the port defaults to 80
/// (`ws`) or 443 (`wss`); the resource name is the path (`/` when empty)
/// plus `?query`; a fragment identifier MUST NOT be used, so `#` is
/// rejected; userinfo is not part of the grammar here and is rejected too.
public struct WebSocketURL: Sendable, Equatable {
    public var secure: Bool
    /// The host as written, IPv6 literals without brackets.
    public var host: String
    public var port: Int
    /// `path[?query]`, the request-target of the handshake (§4.1 item 2).
    public var resource: String

    public init?(_ string: String) {
        let lower = string.lowercased()
        let rest: Substring
        if lower.hasPrefix("ws://") {
            secure = false
            rest = string.dropFirst(5)
        } else if lower.hasPrefix("wss://") {
            secure = true
            rest = string.dropFirst(6)
        } else {
            return nil
        }
        guard !rest.contains("#") else { return nil }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        var resource = String(rest[authorityEnd...])
        if resource.isEmpty || resource.hasPrefix("?") { resource = "/" + resource }
        guard resource.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        self.resource = resource

        var hostPart = authority
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                portPart = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty else { return nil }
        host = String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65535).contains(value) else { return nil }
            port = value
        } else {
            port = secure ? 443 : 80
        }
    }

    /// The `Host` field value (§4.1 item 4): the port only when it is not
    /// the scheme's default, IPv6 literals in brackets.
    public var hostField: String {
        let name = host.contains(":") ? "[\(host)]" : host
        let defaultPort = secure ? 443 : 80
        return port == defaultPort ? name : "\(name):\(port)"
    }

    /// The equivalent `http`/`https` origin, for a transport (libcurl) that
    /// opens the TCP and TLS connection but knows nothing of `ws`.
    public var transportURL: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return "\(secure ? "https" : "http")://\(name):\(port)/"
    }
}
