/// Why the connection must be failed (RFC 6455 §7.1.7), with the status code
/// to send in the Close frame before closing (§7.4.1).
///
/// The parser and the assembler stop at the first error and repeat it on
/// every later call: after a framing error the rest of the stream cannot be
/// interpreted.
public struct WebSocketProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1002, 1007 or 1009 (see the factories below).
    public let closeCode: UInt16
    /// A short human-readable explanation; ASCII, well under the 123 bytes a
    /// Close frame has room for.
    public let reason: String

    public init(closeCode: UInt16, reason: String) {
        self.closeCode = closeCode
        self.reason = reason
    }

    /// 1002: the peer broke the framing or fragmentation rules.
    public static func protocolError(_ reason: String) -> WebSocketProtocolError {
        WebSocketProtocolError(closeCode: WebSocketCloseCode.protocolError, reason: reason)
    }

    /// 1007: a text message or close reason that is not valid UTF-8 (§8.1).
    public static func invalidPayload(_ reason: String) -> WebSocketProtocolError {
        WebSocketProtocolError(closeCode: WebSocketCloseCode.invalidPayload, reason: reason)
    }

    /// 1009: a frame or message over the configured limit.
    public static func messageTooBig(_ reason: String) -> WebSocketProtocolError {
        WebSocketProtocolError(closeCode: WebSocketCloseCode.messageTooBig, reason: reason)
    }

    public var description: String { "WebSocket error \(closeCode): \(reason)" }
}
