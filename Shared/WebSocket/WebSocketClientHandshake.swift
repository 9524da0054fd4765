import Crypto
import HTTP

/// The client side of the opening handshake (RFC 6455 §4.1): the request
/// to send and the checks on the server's answer. Pure: the caller brings
/// the random nonce and the parsed response head.
public enum WebSocketClientHandshake {
    /// `Sec-WebSocket-Key` (§4.1 item 7): base64 of a 16-byte nonce,
    /// "randomly selected" for each connection; pass `SecureRandom.bytes(16)`.
    public static func key(nonce: [UInt8]) -> String {
        precondition(nonce.count == 16, "the nonce is 16 bytes (RFC 6455 §4.1)")
        return Base64.encode(nonce)
    }

    /// The request (§4.1 items 1–12): `GET resource HTTP/1.1`, `Host`,
    /// `Upgrade: websocket`, `Connection: Upgrade`, the key, version 13, the
    /// offered subprotocols in preference order (item 10), then `extra`
    /// (User-Agent, Origin, cookies…). Extra fields that would override the
    /// handshake's own are dropped.
    public static func request(url: WebSocketURL, key: String, subprotocols: [String],
                               extra: [(String, String)] = []) -> [UInt8] {
        var text = "GET \(url.resource) HTTP/1.1\r\n"
        text += "Host: \(url.hostField)\r\n"
        text += "Upgrade: websocket\r\n"
        text += "Connection: Upgrade\r\n"
        text += "Sec-WebSocket-Key: \(key)\r\n"
        text += "Sec-WebSocket-Version: \(WebSocketHandshake.version)\r\n"
        if !subprotocols.isEmpty { text += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n" }
        let reserved: Set<String> = ["host", "upgrade", "connection", "sec-websocket-key",
                                     "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions"]
        for (name, value) in extra where !reserved.contains(name.lowercased()) {
            // A CR or LF would let a value inject fields; such a field is dropped.
            guard !name.utf8.contains(where: { $0 < 0x21 || $0 == 0x3A }),
                  !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) else { continue }
            text += "\(name): \(value)\r\n"
        }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Validates the server's answer (§4.1, "the client MUST validate the
    /// server's response as follows", items 1–6) and returns the subprotocol
    /// the server chose, `nil` for none.
    ///
    /// A server that picks no subprotocol although some were offered is not
    /// refused here: §4.1 only forbids choosing one that was not offered;
    /// whether "none" is acceptable is the application's call.
    public static func validate(_ head: HTTPResponseHead, key: String, offered: [String])
        -> Result<String?, WebSocketClientHandshakeError> {
        guard head.status == 101 else { return .failure(.notSwitchingProtocols(status: head.status)) }
        let headers = head.headers
        guard headers.contains(token: "websocket", in: "Upgrade") else { return .failure(.missingUpgrade) }
        guard headers.contains(token: "upgrade", in: "Connection") else {
            return .failure(.missingConnectionUpgrade)
        }
        let accepts = headers.values(for: "Sec-WebSocket-Accept")
        guard accepts.count == 1,
              ConstantTime.equals(Array(accepts[0].utf8), Array(WebSocketHandshake.acceptKey(for: key).utf8))
        else { return .failure(.acceptMismatch) }
        let extensions = headers.values(for: "Sec-WebSocket-Extensions").filter { !$0.isEmpty }
        if let first = extensions.first { return .failure(.unexpectedExtension(first)) }
        let chosen = headers.values(for: "Sec-WebSocket-Protocol")
        guard !chosen.isEmpty else { return .success(nil) }
        guard chosen.count == 1, offered.contains(chosen[0]) else {
            return .failure(.unexpectedSubprotocol(chosen.joined(separator: ", ")))
        }
        return .success(chosen[0])
    }
}
