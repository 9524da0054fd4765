/// An incremental, push-based frame parser (RFC 6455 §5.2): a pure state
/// machine with no I/O, in the manner of NIO's `WSParser`.
///
/// The I/O layer appends bytes as they arrive, in chunks of any size, then
/// calls `nextFrame()` until it returns `nil` ("need more bytes"):
///
/// ```swift
/// parser.append(chunk)
/// while let frame = try parser.nextFrame() {
///     if let event = try assembler.process(frame) { handle(event) }
/// }
/// ```
///
/// Every rule that the header alone decides is checked as soon as the bytes
/// carrying it have arrived, before any payload is buffered, so a peer cannot
/// make the server hold a frame it will reject anyway:
/// - RSV1–3 set → 1002: no extension is negotiated (§5.2).
/// - a reserved opcode (0x3–0x7, 0xB–0xF) → 1002 (§5.2).
/// - a control frame without FIN, or with a payload over 125 bytes → 1002
///   (§5.5).
/// - mask bit not as expected → 1002: a server MUST fail on an unmasked
///   client frame, a client on a masked server frame (§5.1, §5.3).
/// - a 64-bit length with the most significant bit set → 1002 (§5.2).
/// - a payload over `maxFramePayload` → 1009 (§7.4.1).
///
/// Non-minimal length encodings (e.g. 5 in the 16-bit form) are accepted:
/// §5.2 says the minimal number of bytes MUST be used to *encode* the length
/// but names no receiver action, and Autobahn does not test it.
///
/// After an error every later call throws the same error and appended bytes
/// are dropped: the rest of the stream can no longer be framed (§7.1.7).
///
/// Cost: a header is at most 14 bytes and is re-read from its first byte on
/// each call while incomplete, so that is bounded; while a payload arrives,
/// each call is one length comparison; the payload is copied out once and
/// unmasked eight bytes at a time. Fed byte by byte, a frame of `n` bytes
/// costs O(n).
public struct WebSocketFrameParser: Sendable {
    /// Largest accepted payload of one frame, in bytes.
    public var maxFramePayload: Int
    /// Whether frames must be masked: `true` on the server side (client
    /// frames are masked, §5.1), `false` on the client side (server frames
    /// are not, §5.1).
    public let expectMasked: Bool

    /// A fully read and validated frame header (§5.2).
    struct Header: Sendable, Equatable {
        var fin: Bool
        var opcode: WebSocketOpcode
        var maskKey: UInt32?
        var payloadLength: Int
    }

    enum State: Sendable, Equatable {
        /// Reading a header starting at `readIndex`.
        case header
        /// Header consumed; waiting until its payload is buffered.
        case payload(Header)
        case failed(WebSocketProtocolError)
    }

    var state: State = .header
    /// Received bytes; `buffer[readIndex...]` is not consumed yet.
    var buffer: [UInt8] = []
    var readIndex = 0
    /// Header bytes examined so far, for the "never rescan a payload" tests.
    var scannedByteCount = 0

    /// - Parameters:
    ///   - maxFramePayload: largest payload of one frame; a longer one fails
    ///     with 1009 as soon as its length is read.
    ///   - expectMasked: `true` for a server reading client frames.
    public init(maxFramePayload: Int, expectMasked: Bool = true) {
        precondition(maxFramePayload >= 0, "maxFramePayload must not be negative")
        self.maxFramePayload = maxFramePayload
        self.expectMasked = expectMasked
    }

    /// Buffers received bytes (dropped once the parser has failed).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty, !isFailed else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Buffers received bytes (dropped once the parser has failed).
    public mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, !isFailed else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received and not yet returned as part of a frame (a partly
    /// read header or payload included).
    public var bufferedByteCount: Int { buffer.count - readIndex }

    /// The next complete frame, or `nil` when more bytes are needed.
    public mutating func nextFrame() throws(WebSocketProtocolError) -> WebSocketFrame? {
        if case .failed(let error) = state { throw error }
        do {
            return try step()
        } catch {
            state = .failed(error)
            buffer = []
            readIndex = 0
            throw error
        }
    }

    private var isFailed: Bool {
        if case .failed = state { return true }
        return false
    }

    private mutating func step() throws(WebSocketProtocolError) -> WebSocketFrame? {
        let header: Header
        switch state {
        case .header:
            guard let parsed = try parseHeader() else { return nil }
            header = parsed
            state = .payload(parsed)
        case .payload(let pending):
            header = pending
        case .failed(let error):
            throw error
        }
        let length = header.payloadLength
        guard buffer.count - readIndex >= length else { return nil }
        var payload = buffer.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[readIndex..<readIndex + length])) }
        if let key = header.maskKey {
            payload.withUnsafeMutableBytes { WebSocketMasking.apply(key: key, to: $0) }
        }
        readIndex += length
        state = .header
        return WebSocketFrame(fin: header.fin, opcode: header.opcode, payload: payload)
    }

    /// Reads and validates the header at `readIndex` (§5.2), failing on the
    /// first byte that breaks a rule; consumes it and returns it once
    /// complete, or returns `nil` with nothing consumed.
    ///
    /// ```
    ///  0                   1                   2                   3
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    /// +-+-+-+-+-------+-+-------------+-------------------------------+
    /// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
    /// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
    /// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
    /// | |1|2|3|       |K|             |                               |
    /// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
    /// |     Extended payload length continued, if payload len == 127  |
    /// + - - - - - - - - - - - - - - - +-------------------------------+
    /// |                               |Masking-key, if MASK set to 1  |
    /// +-------------------------------+-------------------------------+
    /// ```
    private mutating func parseHeader() throws(WebSocketProtocolError) -> Header? {
        let available = buffer.count - readIndex
        guard available >= 1 else { return nil }
        let first = buffer[readIndex]
        scannedByteCount += 1
        let fin = first & 0x80 != 0
        guard first & 0x70 == 0 else {
            throw .protocolError("reserved bits set without a negotiated extension")
        }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw .protocolError("reserved opcode \(first & 0x0F)")
        }
        guard fin || !opcode.isControl else { throw .protocolError("fragmented control frame") }

        guard available >= 2 else { return nil }
        let second = buffer[readIndex + 1]
        scannedByteCount += 1
        let masked = second & 0x80 != 0
        guard masked == expectMasked else {
            throw .protocolError(expectMasked ? "client frame not masked" : "server frame masked")
        }
        let shortLength = Int(second & 0x7F)
        guard shortLength <= 125 || !opcode.isControl else {
            throw .protocolError("control frame payload over 125 bytes")
        }

        var offset = 2
        let length: UInt64
        switch shortLength {
        case 126:
            guard available >= 4 else { return nil }
            length = readBigEndian(at: readIndex + 2, count: 2)
            offset += 2
        case 127:
            guard available >= 10 else { return nil }
            length = readBigEndian(at: readIndex + 2, count: 8)
            guard length >> 63 == 0 else {
                throw .protocolError("64-bit payload length with the most significant bit set")
            }
            offset += 8
        default:
            length = UInt64(shortLength)
        }
        guard length <= UInt64(maxFramePayload) else {
            throw .messageTooBig("frame payload over \(maxFramePayload) bytes")
        }

        var maskKey: UInt32?
        if masked {
            guard available >= offset + 4 else { return nil }
            maskKey = UInt32(truncatingIfNeeded: readBigEndian(at: readIndex + offset, count: 4))
            offset += 4
        }
        readIndex += offset
        return Header(fin: fin, opcode: opcode, maskKey: maskKey, payloadLength: Int(length))
    }

    /// The big-endian integer in `buffer[start..<start + count]`.
    private mutating func readBigEndian(at start: Int, count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in start..<start + count { value = value << 8 | UInt64(buffer[index]) }
        scannedByteCount += count
        return value
    }

    /// Drops consumed bytes before new ones are appended: everything when all
    /// is consumed, otherwise the consumed prefix once it is large and at
    /// least half of the buffer, so the memmove is amortized.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            if buffer.capacity > 64 * 1024 {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        } else if readIndex >= 4096, readIndex >= buffer.count - readIndex {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        readIndex = 0
    }
}
