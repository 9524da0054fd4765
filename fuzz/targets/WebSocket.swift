import HTTP
import WebSocket

/// Fuzzes the WebSocket frame parser and message assembler (RFC 6455 §5),
/// both as the server reads client frames (masked) and as the client reads
/// server frames (unmasked) after the `101` response head, which goes
/// through `HTTPResponseHeadParser` and `WebSocketClientHandshake.validate`.
///
/// Properties checked on every input:
/// - the same frames and the same error whether the input arrives whole,
///   byte by byte, or in input-derived chunks;
/// - every frame re-encodes (masked on the server side) to bytes that parse
///   back to the same frame;
/// - a completed text message is exactly the concatenated fragments and is
///   valid UTF-8, and a text message refused as invalid UTF-8 really is
///   invalid (checked against the standard library's decoder); no message
///   exceeds its limit; a Close carries an allowed code (§7.4);
/// - the response head: whole and byte-by-byte parses agree, and the bytes
///   after the head are exactly the rest of the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWebSocket(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = fuzzBytes(data, size)
    var random = FuzzRandom(seed: input)
    let limits = WSFuzzLimits(maxFramePayload: random.pick([0, 7, 125, 1 << 20]),
                              maxMessageBytes: random.pick([0, 16, 1 << 20]))
    frames(input, expectMasked: true, limits: limits)
    client(input, limits: limits)
    return 0
}

struct WSFuzzLimits {
    let maxFramePayload: Int
    let maxMessageBytes: Int
}

/// Frames from every feeding must agree; then the frames go through the assembler.
private func frames(_ input: [UInt8], expectMasked: Bool, limits: WSFuzzLimits) {
    var reference: WSFrameRun?
    for feeding in Feeding.allCases {
        let run = WSFrameRun(input, feeding, expectMasked: expectMasked, maxFramePayload: limits.maxFramePayload)
        if let reference {
            fuzzCheck(run.frames == reference.frames, "frames differ: whole vs \(feeding)")
            fuzzCheck(run.error == reference.error,
                      "error differs: whole \(String(describing: reference.error)) vs \(feeding) \(String(describing: run.error))")
        } else {
            reference = run
        }
    }
    guard let reference else { return }
    for (index, frame) in reference.frames.enumerated() { reencode(frame, masked: expectMasked, key: UInt32(index) &* 0x9E37_79B9) }
    assemble(reference.frames, maxMessageBytes: limits.maxMessageBytes)
}

struct WSFrameRun {
    var frames: [WebSocketFrame] = []
    var error: WebSocketProtocolError?

    init(_ input: [UInt8], _ feeding: Feeding, expectMasked: Bool, maxFramePayload: Int) {
        var parser = WebSocketFrameParser(maxFramePayload: maxFramePayload, expectMasked: expectMasked)
        feed: for (index, chunk) in feeding.chunks(input, seed: input).enumerated() {
            parser.append(chunk: chunk, number: index)
            do {
                while let frame = try parser.nextFrame() {
                    fuzzCheck(frame.payload.count <= maxFramePayload, "frame payload over maxFramePayload")
                    fuzzCheck(!frame.opcode.isControl || (frame.fin && frame.payload.count <= 125),
                              "control frame fragmented or over 125 bytes")
                    frames.append(frame)
                }
            } catch {
                self.error = error
                fuzzCheck([1002, 1009].contains(error.closeCode), "frame parser error with close code \(error.closeCode)")
                break feed
            }
        }
    }
}

private func reencode(_ frame: WebSocketFrame, masked: Bool, key: UInt32) {
    let bytes = masked
        ? WebSocketFrameEncoder.encodeMasked(opcode: frame.opcode, payload: frame.payload, fin: frame.fin, maskKey: key)
        : WebSocketFrameEncoder.encode(opcode: frame.opcode, payload: frame.payload, fin: frame.fin)
    var parser = WebSocketFrameParser(maxFramePayload: frame.payload.count, expectMasked: masked)
    parser.append(bytes)
    do {
        let again = try parser.nextFrame()
        fuzzCheck(again == frame, "re-encoded frame parses to \(String(describing: again)), not \(frame)")
        fuzzCheck(parser.bufferedByteCount == 0, "re-encoded frame left bytes over")
    } catch {
        fuzzCheck(false, "re-encoded frame rejected: \(error)")
    }
}

/// The assembler, with an independent model of what a message should be.
private func assemble(_ frames: [WebSocketFrame], maxMessageBytes: Int) {
    var assembler = WebSocketMessageAssembler(maxMessageBytes: maxMessageBytes)
    var pending: [UInt8] = []  // data of the message in progress, as the model sees it
    var pendingIsText: Bool?
    for frame in frames {
        let isData = !frame.opcode.isControl
        let startsMessage = isData && frame.opcode != .continuation
        let soFar = (startsMessage ? [] : pending) + (isData ? frame.payload : [])
        let event: WebSocketEvent?
        do {
            event = try assembler.process(frame)
        } catch {
            switch error.closeCode {
            case 1007:
                // Only text frames and close reasons are checked for UTF-8.
                if frame.opcode == .close {
                    fuzzCheck(String(validating: frame.payload.dropFirst(2), as: UTF8.self) == nil,
                              "close reason refused but is valid UTF-8")
                } else {
                    let isText = startsMessage ? frame.opcode == .text : pendingIsText == true
                    fuzzCheck(isText, "1007 for a binary message")
                    // Fail-fast: the bytes so far are not a prefix of valid
                    // UTF-8 (or the message ended inside a character).
                    fuzzCheck(String(validating: soFar, as: UTF8.self) == nil,
                              "text refused as invalid UTF-8 but the standard library accepts it")
                }
            case 1009:
                fuzzCheck(soFar.count > maxMessageBytes, "1009 for a message within the limit")
            case 1002:
                break
            default:
                fuzzCheck(false, "assembler error with close code \(error.closeCode)")
            }
            // A failed assembler keeps failing with the same error.
            do {
                _ = try assembler.process(frame)
                fuzzCheck(false, "assembler accepted a frame after failing")
            } catch let again {
                fuzzCheck(again == error, "second error \(again) ≠ first \(error)")
            }
            return
        }
        if isData {
            if startsMessage { pendingIsText = frame.opcode == .text }
            pending = soFar
            fuzzCheck(pending.count <= maxMessageBytes, "message of \(pending.count) bytes over the limit")
        }
        switch event {
        case nil:
            fuzzCheck(isData && !frame.fin, "no event for a final or control frame")
            fuzzCheck(assembler.isInsideMessage, "mid-message but isInsideMessage is false")
        case .text(let text):
            fuzzCheck(pendingIsText == true && frame.fin, "text event for a non-final or binary frame")
            fuzzCheck(Array(text.utf8) == pending && String(validating: pending, as: UTF8.self) != nil,
                      "text event is not the valid UTF-8 of its fragments")
            pending = []
        case .binary(let bytes):
            fuzzCheck(pendingIsText == false && frame.fin, "binary event for a non-final or text frame")
            fuzzCheck(bytes == pending, "binary event is not the concatenated fragments")
            pending = []
        case .ping(let payload):
            fuzzCheck(frame.opcode == .ping && payload == frame.payload, "ping event mismatch")
        case .pong(let payload):
            fuzzCheck(frame.opcode == .pong && payload == frame.payload, "pong event mismatch")
        case .close(let code, let reason):
            fuzzCheck(frame.opcode == .close, "close event for opcode \(frame.opcode)")
            if let code {
                // RFC 6455 §7.4.1/§7.4.2: 1004–1006 and 1015 are never sent; 1016–2999 are unassigned.
                fuzzCheck((1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code),
                          "close code \(code) accepted")
                fuzzCheck(Array(reason.utf8) == Array(frame.payload.dropFirst(2)), "close reason mismatch")
            } else {
                fuzzCheck(frame.payload.isEmpty && reason.isEmpty, "close without a code but with a body")
            }
        }
    }
}

/// The client side: the `101` head, the handshake checks, then server frames.
private func client(_ input: [UInt8], limits: WSFuzzLimits) {
    var whole = HTTPResponseHeadParser(maxHeadBytes: 1024, maxHeaderCount: 16)
    whole.append(input)
    let result = Result { () throws(HTTPResponseParseError) -> HTTPResponseHead? in try whole.parse() }

    var split = HTTPResponseHeadParser(maxHeadBytes: 1024, maxHeaderCount: 16)
    var splitResult: Result<HTTPResponseHead?, HTTPResponseParseError> = .success(nil)
    for byte in input {
        split.append(CollectionOfOne(byte))
        splitResult = Result { () throws(HTTPResponseParseError) -> HTTPResponseHead? in try split.parse() }
        if case .success(nil) = splitResult { continue }
        break
    }
    fuzzCheck(splitResult == result, "response head: whole \(result) vs byte by byte \(splitResult)")

    guard case .success(let head?) = result else { return }
    fuzzCheck((100...999).contains(head.status), "status \(head.status)")
    let remainder = whole.takeRemainder()
    let headLength = input.count - remainder.count
    fuzzCheck(headLength > 0 && input.count >= remainder.count && Array(input[headLength...]) == remainder,
              "remainder is not the input after the head")
    fuzzCheck(input[headLength - 1] == 0x0A, "head does not end at a line feed")
    fuzzCheck(whole.takeRemainder().isEmpty, "remainder handed out twice")

    let key = "dGhlIHNhbXBsZSBub25jZQ=="
    switch WebSocketClientHandshake.validate(head, key: key, offered: ["gamenight.v1"]) {
    case .success(let chosen):
        fuzzCheck(head.status == 101, "handshake accepted status \(head.status)")
        fuzzCheck(head.headers.values(for: "Sec-WebSocket-Accept") == ["s3pPLMBiTxaQ9kYGzzhZRbK+xOo="],
                  "handshake accepted a wrong Sec-WebSocket-Accept")
        fuzzCheck(chosen == nil || chosen == "gamenight.v1", "subprotocol \(String(describing: chosen)) was not offered")
    case .failure:
        break
    }
    frames(remainder, expectMasked: false, limits: limits)
}

extension WebSocketFrameParser: ByteAppending {}
