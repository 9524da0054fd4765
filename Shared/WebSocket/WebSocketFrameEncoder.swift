/// Writes frames (RFC 6455 §5.2). Server frames are sent unmasked (§5.1: "A
/// server MUST NOT mask any frames that it sends to the client");
/// `encodeMasked` is for clients and tests.
///
/// The length uses the minimal form, as §5.2 requires: 0–125 in the 7-bit
/// field, 126–65535 as 126 plus a 16-bit length, larger as 127 plus a 64-bit
/// length. No RSV bit is ever set: no extension is negotiated.
///
/// Control frames (close, ping, pong) must be unfragmented with at most 125
/// payload bytes (§5.5); asking for anything else is a programming error
/// and traps.
public enum WebSocketFrameEncoder {
    /// Largest payload of a control frame (§5.5).
    public static let maxControlPayload = 125

    /// An unmasked frame.
    public static func encode(opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        var frame: [UInt8] = []
        frame.reserveCapacity(headerSize(payloadCount: payload.count, masked: false) + payload.count)
        appendHeader(opcode: opcode, payloadCount: payload.count, fin: fin, maskKey: nil, to: &frame)
        frame.append(contentsOf: payload)
        return frame
    }

    /// A masked frame (§5.3), as a client sends it. `maskKey`'s big-endian
    /// bytes are the key on the wire (`0x37fa_213d` is `37 fa 21 3d`); a
    /// real client must pick a fresh unpredictable key per frame (§10.3).
    public static func encodeMasked(
        opcode: WebSocketOpcode, payload: [UInt8], fin: Bool = true, maskKey: UInt32
    ) -> [UInt8] {
        var frame: [UInt8] = []
        let headerCount = headerSize(payloadCount: payload.count, masked: true)
        frame.reserveCapacity(headerCount + payload.count)
        appendHeader(opcode: opcode, payloadCount: payload.count, fin: fin, maskKey: maskKey, to: &frame)
        frame.append(contentsOf: payload)
        frame.withUnsafeMutableBytes { raw in
            WebSocketMasking.apply(key: maskKey, to: UnsafeMutableRawBufferPointer(rebasing: raw[headerCount...]))
        }
        return frame
    }

    /// A single-frame text message (§5.6), copied straight from the string's
    /// UTF-8 bytes.
    public static func text(_ string: String) -> [UInt8] {
        let utf8 = string.utf8
        var frame: [UInt8] = []
        frame.reserveCapacity(headerSize(payloadCount: utf8.count, masked: false) + utf8.count)
        appendHeader(opcode: .text, payloadCount: utf8.count, fin: true, maskKey: nil, to: &frame)
        frame.append(contentsOf: utf8)
        return frame
    }

    /// A single-frame binary message (§5.6).
    public static func binary(_ bytes: [UInt8]) -> [UInt8] {
        encode(opcode: .binary, payload: bytes)
    }

    /// A Close frame (§5.5.1) with `code` and as much of `reason` as fits in
    /// the 123 bytes left after the code, cut on a character boundary.
    public static func close(code: UInt16, reason: String = "") -> [UInt8] {
        encode(opcode: .close, payload: WebSocketClosePayload.encode(code: code, reason: reason))
    }

    /// A Ping (§5.5.2); `payload` at most 125 bytes.
    public static func ping(_ payload: [UInt8] = []) -> [UInt8] {
        encode(opcode: .ping, payload: payload)
    }

    /// A Pong (§5.5.3), normally echoing a Ping's payload; at most 125 bytes.
    public static func pong(_ payload: [UInt8] = []) -> [UInt8] {
        encode(opcode: .pong, payload: payload)
    }

    /// Bytes of the header for a payload of `payloadCount` bytes.
    static func headerSize(payloadCount: Int, masked: Bool) -> Int {
        let lengthBytes = payloadCount <= 125 ? 0 : payloadCount <= 0xFFFF ? 2 : 8
        return 2 + lengthBytes + (masked ? 4 : 0)
    }

    /// Appends FIN/opcode, mask bit and length in minimal form, and the key
    /// (§5.2).
    static func appendHeader(
        opcode: WebSocketOpcode, payloadCount: Int, fin: Bool, maskKey: UInt32?, to frame: inout [UInt8]
    ) {
        if opcode.isControl {
            precondition(fin, "control frames cannot be fragmented (RFC 6455 §5.5)")
            precondition(payloadCount <= maxControlPayload, "control frame payload over 125 bytes (RFC 6455 §5.5)")
        }
        frame.append((fin ? 0x80 : 0) | opcode.rawValue)
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        switch payloadCount {
        case 0...125:
            frame.append(maskBit | UInt8(payloadCount))
        case 126...0xFFFF:
            frame.append(maskBit | 126)
            appendBigEndian(UInt64(payloadCount), byteCount: 2, to: &frame)
        default:
            frame.append(maskBit | 127)
            appendBigEndian(UInt64(payloadCount), byteCount: 8, to: &frame)
        }
        if let maskKey { appendBigEndian(UInt64(maskKey), byteCount: 4, to: &frame) }
    }

    private static func appendBigEndian(_ value: UInt64, byteCount: Int, to frame: inout [UInt8]) {
        for shift in stride(from: (byteCount - 1) * 8, through: 0, by: -8) {
            frame.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
