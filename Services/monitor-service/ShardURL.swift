/// The shard WebSocket URL the monitor connects to:
/// `{ws|wss}://{host}/api/v2/rooms/{CODE}/play?role=shard&name=GamePicker&userId=gamepicker-{sessionId}&format=json`,
/// plus `&secret=…&id=…` to reconnect to the slot a welcome gave us.
///
/// The scheme follows `ECAST_BASE_URL`: `http://` → `ws://` (the test fake),
/// `https://` → `wss://`, anything else → `wss://`. The host is the REST
/// lookup's `host` verbatim (it may carry a port); without one, the base
/// URL's own host is used. Query values are percent-encoded (everything but
/// RFC 3986 unreserved characters), so a secret with `&`, `=`, `+` or
/// non-ASCII survives.
struct ShardURL: Sendable, Equatable, CustomStringConvertible {
    let string: String

    /// The WebSocket subprotocol ecast expects.
    static let subprotocol = "ecast-v0"
    /// The shard's display name in the room.
    static let shardName = "GamePicker"

    var description: String { string }

    init(baseURL: String, host: String?, code: String, sessionID: Int64, secret: String? = nil, id: Int64? = nil) {
        let (scheme, baseHost) = Self.split(baseURL)
        let authority = host.flatMap { $0.isEmpty ? nil : $0 } ?? baseHost
        var query: [(String, String)] = [("role", "shard"), ("name", Self.shardName),
                                         ("userId", "gamepicker-\(sessionID)"), ("format", "json")]
        if let secret, let id {
            query.append(("secret", secret))
            query.append(("id", String(id)))
        }
        let encoded = query.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        string = "\(scheme)://\(authority)/api/v2/rooms/\(Self.percentEncode(code))/play?\(encoded)"
    }

    /// The WebSocket scheme for a base URL and the base URL's authority.
    private static func split(_ baseURL: String) -> (scheme: String, authority: String) {
        let lowered = baseURL.asciiLowercased
        let scheme = lowered.hasPrefix("http://") || lowered.hasPrefix("ws://") ? "ws" : "wss"
        var rest = Substring(baseURL)
        if let range = baseURL.firstRange(of: "://") { rest = baseURL[range.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return (scheme, String(authority))
    }

    /// Percent-encodes every byte of the UTF-8 except `A–Z a–z 0–9 - . _ ~`.
    static func percentEncode(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
