import HTTP

/// A refused opening handshake (RFC 6455 §4.2.1, §4.2.2 step 4 and §4.4):
/// the response to send instead of `101 Switching Protocols`, and why.
///
/// `HTTPResponse` is not an `Error`, so the response travels in this
/// wrapper inside `Result`.
public struct WebSocketHandshakeRejection: Error, Sendable, Equatable {
    /// 400 with `{"error":"<reason>"}`, or 426 with `Sec-WebSocket-Version:
    /// 13` and the same kind of body.
    public var response: HTTPResponse
    /// The rule the request broke, as in the body; for logs.
    public var reason: String

    public init(response: HTTPResponse, reason: String) {
        self.response = response
        self.reason = reason
    }
}
