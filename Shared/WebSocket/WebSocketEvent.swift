/// What the application sees: a complete message or a control frame
/// (RFC 6455 §5.4–§5.6), as produced by `WebSocketMessageAssembler`.
public enum WebSocketEvent: Sendable, Equatable {
    /// A complete text message, validated as UTF-8 (§5.6, §8.1).
    case text(String)
    /// A complete binary message (§5.6).
    case binary([UInt8])
    /// A Ping (§5.5.2): answer with a Pong carrying the same payload.
    case ping([UInt8])
    /// A Pong (§5.5.3), solicited or not.
    case pong([UInt8])
    /// A Close (§5.5.1): `code` is `nil` when the frame had no body (which
    /// §7.1.5 reports as 1005 "no status received"); `reason` is the UTF-8
    /// text after the code, possibly empty.
    case close(code: UInt16?, reason: String)
}
