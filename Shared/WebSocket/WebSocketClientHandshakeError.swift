/// Why the server's answer to our opening handshake is refused: each case
/// is one of the "the client MUST _Fail the WebSocket Connection_" rules of
/// RFC 6455 §4.1 (the numbered items after "the client MUST validate the
/// server's response").
public enum WebSocketClientHandshakeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Item 1: a status other than 101.
    case notSwitchingProtocols(status: Int)
    /// Item 2: no `Upgrade: websocket`.
    case missingUpgrade
    /// Item 3: no `upgrade` token in `Connection`.
    case missingConnectionUpgrade
    /// Item 4: `Sec-WebSocket-Accept` missing or not base64(SHA-1(key +
    /// GUID)) (§4.2.2 step 5.4).
    case acceptMismatch
    /// Item 5: an extension we did not offer (we offer none).
    case unexpectedExtension(String)
    /// Item 6: a subprotocol we did not offer (or more than one).
    case unexpectedSubprotocol(String)

    public var description: String {
        switch self {
        case .notSwitchingProtocols(let status): "handshake answered with HTTP \(status), not 101"
        case .missingUpgrade: "handshake response lacks Upgrade: websocket"
        case .missingConnectionUpgrade: "handshake response lacks Connection: upgrade"
        case .acceptMismatch: "Sec-WebSocket-Accept does not match the key"
        case .unexpectedExtension(let value): "server chose an extension we did not offer: \(value)"
        case .unexpectedSubprotocol(let value): "server chose a subprotocol we did not offer: \(value)"
        }
    }
}
