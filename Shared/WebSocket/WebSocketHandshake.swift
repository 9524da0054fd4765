import Crypto
import HTTP

/// The server side of the opening handshake (RFC 6455 §4.2.1, §4.2.2).
///
/// No subprotocol or extension is negotiated: `Sec-WebSocket-Protocol` and
/// `Sec-WebSocket-Extensions` in the request are ignored, and the response
/// carries neither (§4.2.2 step 5: the server may omit both).
public enum WebSocketHandshake {
    /// The GUID appended to the key before hashing (§1.3, §4.2.2 step 5.4).
    public static let acceptGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
    /// The only protocol version this server speaks (§4.1 item 9).
    public static let version = "13"

    /// Checks an upgrade request and answers it.
    ///
    /// The checks, in order (§4.2.1 items 1–6):
    /// 1. method `GET` and HTTP/1.1 or later → else 400;
    /// 2. a `Host` field → else 400;
    /// 3. `Upgrade` lists the token `websocket` (case-insensitive) → else 400;
    /// 4. `Connection` lists the token `upgrade` (case-insensitive) → else 400;
    /// 5. exactly one `Sec-WebSocket-Version`, equal to `13` → else 426 with
    ///    `Sec-WebSocket-Version: 13` (§4.2.2 step 4, §4.4);
    /// 6. exactly one `Sec-WebSocket-Key` (§11.3.1), base64 of 16 bytes
    ///    (§4.1 item 7) → else 400.
    ///
    /// The version is checked before the key so that a client speaking an
    /// older draft, whose handshake has no `Sec-WebSocket-Key`, learns which
    /// version to use instead of getting a bare 400.
    ///
    /// - Returns: `.success` with the `101 Switching Protocols` response
    ///   (`Upgrade: websocket`, `Connection: Upgrade`,
    ///   `Sec-WebSocket-Accept`), to be serialized with keep-alive so the
    ///   serializer keeps `Connection: Upgrade`; or `.failure` with the error
    ///   response, after which the connection stays plain HTTP.
    public static func evaluate(_ head: HTTPRequestHead) -> Result<HTTPResponse, WebSocketHandshakeRejection> {
        guard head.method == "GET" else {
            return .failure(reject(400, "WebSocket upgrade requires GET"))
        }
        guard head.versionMajor > 1 || (head.versionMajor == 1 && head.versionMinor >= 1) else {
            return .failure(reject(400, "WebSocket upgrade requires HTTP/1.1"))
        }
        let headers = head.headers
        guard headers.contains(name: "Host") else {
            return .failure(reject(400, "missing Host header"))
        }
        guard headers.contains(token: "websocket", in: "Upgrade") else {
            return .failure(reject(400, "Upgrade header must contain websocket"))
        }
        guard headers.contains(token: "upgrade", in: "Connection") else {
            return .failure(reject(400, "Connection header must contain upgrade"))
        }
        let versions = headers.values(for: "Sec-WebSocket-Version")
        guard versions.count == 1, versions[0] == version else {
            var rejection = reject(426, "unsupported WebSocket version, expected 13")
            rejection.response.headers.add(name: "Sec-WebSocket-Version", value: version)
            return .failure(rejection)
        }
        let keys = headers.values(for: "Sec-WebSocket-Key")
        guard keys.count == 1 else {
            return .failure(reject(400, keys.isEmpty ? "missing Sec-WebSocket-Key header"
                                                     : "more than one Sec-WebSocket-Key header"))
        }
        guard let nonce = Base64.decode(keys[0]), nonce.count == 16 else {
            return .failure(reject(400, "Sec-WebSocket-Key must be base64 of 16 bytes"))
        }
        let headersOut: HTTPHeaders = [
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Accept": acceptKey(for: keys[0]),
        ]
        return .success(HTTPResponse(status: 101, headers: headersOut))
    }

    /// `Sec-WebSocket-Accept` for `key`: base64(SHA-1(key + GUID)), with the
    /// key exactly as sent, not decoded (§4.2.2 step 5.4; example in §1.3:
    /// `dGhlIHNhbXBsZSBub25jZQ==` → `s3pPLMBiTxaQ9kYGzzhZRbK+xOo=`).
    public static func acceptKey(for key: String) -> String {
        Base64.encode(SHA1.hash(Array((key + acceptGUID).utf8)))
    }

    /// A JSON error response `{"error":"<reason>"}`.
    private static func reject(_ status: Int, _ reason: String) -> WebSocketHandshakeRejection {
        var body = Array(#"{"error":""#.utf8)
        for byte in reason.utf8 {
            // The reasons are fixed ASCII text; escape anyway so the body
            // stays valid JSON if one ever gains a quote or backslash.
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { body.append(UInt8(ascii: "\\")) }
            body.append(byte)
        }
        body.append(contentsOf: Array(#""}"#.utf8))
        return WebSocketHandshakeRejection(response: .json(status: status, body: body), reason: reason)
    }
}
