/// One frame as received or to be sent (RFC 6455 §5.2), payload already
/// unmasked.
///
/// The masking key is not kept: it only matters on the wire (§5.3), and the
/// parser removes it before handing the frame out.
public struct WebSocketFrame: Sendable, Equatable {
    /// Whether this is the final fragment of a message (§5.2 "FIN"; §5.4).
    public var fin: Bool
    /// Extension bits (§5.2 "RSV1, RSV2, RSV3"). Must be zero unless an
    /// extension defines them; this module negotiates none, so the parser
    /// rejects any frame that sets one.
    public var rsv1: Bool
    public var rsv2: Bool
    public var rsv3: Bool
    public var opcode: WebSocketOpcode
    /// The application data, unmasked (§5.3).
    public var payload: [UInt8]

    public init(
        fin: Bool = true, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false,
        opcode: WebSocketOpcode, payload: [UInt8] = []
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.payload = payload
    }
}
