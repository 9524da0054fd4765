/// Turns frames into messages (RFC 6455 §5.4 fragmentation, §5.5 control
/// frames, §5.6 data frames): a pure state machine fed by
/// `WebSocketFrameParser`.
///
/// - A message is a text or binary frame followed by zero or more
///   continuation frames, the last with FIN set (§5.4).
/// - A continuation frame with no message in progress → 1002; a new text or
///   binary frame while one is in progress → 1002 (§5.4: fragments of one
///   message MUST NOT be interleaved with another).
/// - Control frames may arrive between fragments (§5.4) and are returned at
///   once; they must be unfragmented and at most 125 bytes (§5.5; the parser
///   already enforces this, the assembler checks again for frames built
///   elsewhere). RSV bits → 1002 (§5.2).
/// - The size of a message is checked as each fragment arrives: more than
///   `maxMessageBytes` in total → 1009, before the fragment is kept.
/// - Text is validated as UTF-8 fragment by fragment, so an invalid message
///   fails at the fragment with the first bad byte (→ 1007, §8.1); a
///   character split between fragments is fine; a message whose final
///   fragment ends inside a character → 1007.
/// - Close bodies: see `WebSocketClosePayload.decode` (§5.5.1, §7.4).
///
/// After an error every later call throws the same error.
public struct WebSocketMessageAssembler: Sendable {
    /// Largest accepted message, summed over its fragments, in bytes.
    public var maxMessageBytes: Int

    enum State: Sendable, Equatable {
        /// Between messages.
        case idle
        /// A fragmented text or binary message is in progress.
        case fragmented(text: Bool)
        case failed(WebSocketProtocolError)
    }

    var state: State = .idle
    /// Fragments of the message in progress, concatenated.
    var fragments: [UInt8] = []
    /// UTF-8 state at the end of the text received so far.
    var utf8 = UTF8StreamValidator()

    public init(maxMessageBytes: Int) {
        precondition(maxMessageBytes >= 0, "maxMessageBytes must not be negative")
        self.maxMessageBytes = maxMessageBytes
    }

    /// Whether a fragmented message has started and not finished.
    public var isInsideMessage: Bool {
        if case .fragmented = state { return true }
        return false
    }

    /// Processes one frame: returns the event it completes, or `nil` for a
    /// fragment that does not end its message.
    public mutating func process(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketEvent? {
        if case .failed(let error) = state { throw error }
        do {
            return try step(frame)
        } catch {
            state = .failed(error)
            fragments = []
            throw error
        }
    }

    private mutating func step(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketEvent? {
        guard !frame.rsv1, !frame.rsv2, !frame.rsv3 else {
            throw .protocolError("reserved bits set without a negotiated extension")
        }
        if frame.opcode.isControl { return try control(frame) }

        let isText: Bool
        switch (frame.opcode, state) {
        case (.continuation, .fragmented(let text)):
            isText = text
        case (.continuation, _):
            throw .protocolError("continuation frame without a message in progress")
        case (_, .fragmented):
            throw .protocolError("new data frame while a fragmented message is in progress")
        default:
            isText = frame.opcode == .text
            fragments = []
            utf8 = UTF8StreamValidator()
        }

        guard frame.payload.count <= maxMessageBytes - fragments.count else {
            throw .messageTooBig("message over \(maxMessageBytes) bytes")
        }
        if isText {
            guard utf8.validate(frame.payload) else { throw .invalidPayload("text message is not valid UTF-8") }
            if frame.fin, !utf8.isComplete {
                throw .invalidPayload("text message ends inside a UTF-8 sequence")
            }
        }

        if !frame.fin {
            if fragments.isEmpty {
                fragments = frame.payload
            } else {
                fragments.append(contentsOf: frame.payload)
            }
            state = .fragmented(text: isText)
            return nil
        }

        let message: [UInt8]
        if fragments.isEmpty {
            message = frame.payload
        } else {
            fragments.append(contentsOf: frame.payload)
            message = fragments
        }
        fragments = []
        state = .idle
        return isText ? .text(String(decoding: message, as: UTF8.self)) : .binary(message)
    }

    private func control(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> WebSocketEvent {
        guard frame.fin else { throw .protocolError("fragmented control frame") }
        guard frame.payload.count <= 125 else { throw .protocolError("control frame payload over 125 bytes") }
        switch frame.opcode {
        case .ping:
            return .ping(frame.payload)
        case .pong:
            return .pong(frame.payload)
        default:
            let (code, reason) = try WebSocketClosePayload.decode(frame.payload)
            return .close(code: code, reason: reason)
        }
    }
}
