/// The frame opcode (RFC 6455 §5.2, "Opcode: 4 bits"; registry in §11.8).
///
/// Only the six defined opcodes have a case. The reserved values
/// (`0x3`–`0x7` for further data frames, `0xB`–`0xF` for further control
/// frames) make `init(rawValue:)` return `nil`; the parser turns that into
/// a protocol error, because no extension that could define them was
/// negotiated (§5.2: "If an unknown opcode is received, the receiving
/// endpoint MUST _Fail the WebSocket Connection_").
public enum WebSocketOpcode: UInt8, Sendable, Equatable, CaseIterable {
    /// A further fragment of the message in progress (§5.4).
    case continuation = 0x0
    /// The first (or only) frame of a UTF-8 text message (§5.6).
    case text = 0x1
    /// The first (or only) frame of a binary message (§5.6).
    case binary = 0x2
    /// Close (§5.5.1).
    case close = 0x8
    /// Ping (§5.5.2).
    case ping = 0x9
    /// Pong (§5.5.3).
    case pong = 0xA

    /// Whether this is a control frame: opcodes with the most significant
    /// bit set (§5.5). Control frames carry at most 125 payload bytes and
    /// are never fragmented, but may arrive between the fragments of a
    /// message.
    @inline(__always)
    public var isControl: Bool { rawValue & 0x8 != 0 }
}
