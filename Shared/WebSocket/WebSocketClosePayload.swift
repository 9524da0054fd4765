/// The body of a Close frame (RFC 6455 §5.5.1): empty, or a 2-byte status
/// code in network byte order followed by a UTF-8 reason.
public enum WebSocketClosePayload {
    /// Longest reason that fits a control frame: 125 bytes minus the code.
    static let maxReasonBytes = 123

    /// Decodes and validates a received Close body:
    /// - empty → no code, empty reason (§5.5.1: "the Close frame MAY contain
    ///   a body");
    /// - one byte → 1002: too short for a code;
    /// - a code not allowed on the wire → 1002 (see
    ///   `WebSocketCloseCode.isValidInCloseFrame`, §7.4);
    /// - a reason that is not UTF-8 → 1007 (§5.5.1: "the data … is not
    ///   guaranteed to be human readable" but is UTF-8-encoded; §8.1).
    static func decode(_ payload: [UInt8]) throws(WebSocketProtocolError) -> (code: UInt16?, reason: String) {
        if payload.isEmpty { return (nil, "") }
        guard payload.count >= 2 else { throw .protocolError("close frame body of one byte") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard WebSocketCloseCode.isValidInCloseFrame(code) else {
            throw .protocolError("invalid close code \(code)")
        }
        let reasonBytes = Array(payload[2...])
        guard UTF8StreamValidator.isValid(reasonBytes) else {
            throw .invalidPayload("close reason is not valid UTF-8")
        }
        return (code, String(decoding: reasonBytes, as: UTF8.self))
    }

    /// Encodes a Close body: the code, then as much of `reason` as fits in
    /// `maxReasonBytes`, cut before a character that would not fit whole, so
    /// the result is still valid UTF-8.
    public static func encode(code: UInt16, reason: String) -> [UInt8] {
        var body: [UInt8] = [UInt8(truncatingIfNeeded: code >> 8), UInt8(truncatingIfNeeded: code)]
        let utf8 = Array(reason.utf8)
        var end = min(utf8.count, maxReasonBytes)
        // A byte 10xxxxxx continues the character before it: back up to a
        // lead byte so no character is split.
        while end < utf8.count, end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 }
        body.append(contentsOf: utf8[0..<end])
        return body
    }
}
