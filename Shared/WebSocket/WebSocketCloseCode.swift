/// Status codes of a Close frame (RFC 6455 §7.4.1; registry in §11.7).
///
/// Plain `UInt16` constants rather than an enum: a peer may send any code in
/// the private ranges (3000–4999, §7.4.2), and the values go on the wire
/// as-is.
public enum WebSocketCloseCode {
    /// 1000: the purpose of the connection has been fulfilled.
    public static let normal: UInt16 = 1000
    /// 1001: the endpoint is going away (server shutdown, page navigation).
    public static let goingAway: UInt16 = 1001
    /// 1002: the peer broke the protocol.
    public static let protocolError: UInt16 = 1002
    /// 1003: a data type the endpoint cannot accept (e.g. binary when only
    /// text is understood).
    public static let unsupportedData: UInt16 = 1003
    /// 1007: data inconsistent with the message type, e.g. a text message
    /// that is not UTF-8 (§8.1).
    public static let invalidPayload: UInt16 = 1007
    /// 1008: a message that violates the endpoint's policy.
    public static let policyViolation: UInt16 = 1008
    /// 1009: a message too big to process.
    public static let messageTooBig: UInt16 = 1009
    /// 1005: reported locally when a Close frame had no code (§7.1.5);
    /// never sent.
    public static let noStatusReceived: UInt16 = 1005
    /// 1006: reported locally when the connection ended without a Close
    /// frame (§7.1.5); never sent.
    public static let abnormal: UInt16 = 1006
    /// 1011: an unexpected condition prevented the server from fulfilling
    /// the request.
    public static let internalError: UInt16 = 1011

    /// Whether a peer may put `code` in a Close frame (§7.4.1, §7.4.2).
    ///
    /// Accepted: 1000–1003 and 1007–1011 (§7.4.1), 1012–1014 (registered
    /// later in the IANA registry of §11.7: service restart, try again
    /// later, bad gateway), and 3000–4999 (libraries, frameworks and
    /// private use, §7.4.2). Rejected: 0–999 (unused, §7.4.2), 1004
    /// (reserved), 1005, 1006 and 1015 ("MUST NOT be set as a status code
    /// in a Close control frame by an endpoint", §7.4.1), 1016–2999 (reserved
    /// for future revisions, §7.4.2) and 5000 and above (outside every
    /// range).
    public static func isValidInCloseFrame(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }
}
