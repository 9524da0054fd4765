import Testing
import TestSupport
@testable import WebSocket


/// The §5.7 example key `37 fa 21 3d`.
let exampleKey: UInt32 = 0x37fa_213d

/// How a hand-built frame writes its length.
enum LengthForm: Sendable {
    /// As short as possible (what §5.2 requires of senders).
    case minimal
    /// Always 126 + 16 bits.
    case sixteenBit
    /// Always 127 + 64 bits.
    case sixtyFourBit
}

/// A frame built byte by byte, independently of `WebSocketFrameEncoder`, so
/// the tests can produce any header, valid or not. Client frames are masked
/// with `maskKey` (pass `nil` for an unmasked frame); `declaredLength`
/// overrides the length written in the header.
func rawFrame(
    fin: Bool = true, rsv: UInt8 = 0, opcode: UInt8, payload: [UInt8] = [],
    maskKey: UInt32? = exampleKey, lengthForm: LengthForm = .minimal, declaredLength: UInt64? = nil
) -> [UInt8] {
    var wire: [UInt8] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode]
    let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
    let length = declaredLength ?? UInt64(payload.count)
    var form = lengthForm
    if form == .minimal { form = length <= 125 ? .minimal : length <= 0xFFFF ? .sixteenBit : .sixtyFourBit }
    switch form {
    case .minimal:
        wire.append(maskBit | UInt8(length))
    case .sixteenBit:
        wire.append(maskBit | 126)
        wire += [UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
    case .sixtyFourBit:
        wire.append(maskBit | 127)
        for shift in stride(from: 56, through: 0, by: -8) { wire.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
    }
    if let maskKey {
        let key = [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: maskKey >> UInt32($0)) }
        wire += key
        for (index, byte) in payload.enumerated() { wire.append(byte ^ key[index % 4]) }
    } else {
        wire += payload
    }
    return wire
}

/// Opcodes as raw values, for `rawFrame`.
enum Op {
    static let continuation: UInt8 = 0x0
    static let text: UInt8 = 0x1
    static let binary: UInt8 = 0x2
    static let close: UInt8 = 0x8
    static let ping: UInt8 = 0x9
    static let pong: UInt8 = 0xA
}

func bytes(_ string: String) -> [UInt8] { Array(string.utf8) }

/// A Close body: the code in network order, then the reason bytes.
func closeBody(_ code: UInt16, _ reason: [UInt8] = []) -> [UInt8] {
    [UInt8(code >> 8), UInt8(code & 0xFF)] + reason
}

/// What parser and assembler produced for one input: events until the input
/// ran out or an error was thrown.
struct Outcome: Equatable, CustomStringConvertible {
    var events: [WebSocketEvent] = []
    var error: WebSocketProtocolError?
    /// Bytes appended before the error was seen.
    var bytesFedBeforeError = 0

    static func == (lhs: Outcome, rhs: Outcome) -> Bool { lhs.events == rhs.events && lhs.error == rhs.error }

    var description: String { "events \(events), error \(error.map(String.init(describing:)) ?? "none")" }
}

/// Feeds `input` through a server-side parser and an assembler.
func run(
    _ input: [UInt8], feed: Feed = .allAtOnce, maxFramePayload: Int = 1 << 20, maxMessageBytes: Int = 1 << 20,
    expectMasked: Bool = true
) -> Outcome {
    var parser = WebSocketFrameParser(maxFramePayload: maxFramePayload, expectMasked: expectMasked)
    var assembler = WebSocketMessageAssembler(maxMessageBytes: maxMessageBytes)
    var outcome = Outcome()
    for chunk in feed.chunks(of: input, largePiece: 700) {
        parser.append(chunk)
        outcome.bytesFedBeforeError += chunk.count
        do throws(WebSocketProtocolError) {
            while let frame = try parser.nextFrame() {
                if let event = try assembler.process(frame) { outcome.events.append(event) }
            }
        } catch {
            outcome.error = error
            return outcome
        }
    }
    return outcome
}

/// The frames a parser yields for `input` (no assembling), or its error.
func parseFrames(
    _ input: [UInt8], feed: Feed = .allAtOnce, maxFramePayload: Int = 1 << 20, expectMasked: Bool = true
) -> (frames: [WebSocketFrame], error: WebSocketProtocolError?) {
    var parser = WebSocketFrameParser(maxFramePayload: maxFramePayload, expectMasked: expectMasked)
    var frames: [WebSocketFrame] = []
    for chunk in feed.chunks(of: input, largePiece: 700) {
        parser.append(chunk)
        do throws(WebSocketProtocolError) {
            while let frame = try parser.nextFrame() { frames.append(frame) }
        } catch {
            return (frames, error)
        }
    }
    return (frames, nil)
}

/// The error `body` throws, or `nil`. Stands in for `#expect(throws:)`,
/// whose closures are unreliable on Swift 6.3.1. (Closures infer
/// `throws(any Error)`, so the error is cast back; anything else is an
/// issue.)
func caughtError<T>(
    _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) -> WebSocketProtocolError? {
    do {
        _ = try body()
        return nil
    } catch let error as WebSocketProtocolError {
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A frame for the assembler.
func frame(_ opcode: WebSocketOpcode, _ payload: [UInt8] = [], fin: Bool = true) -> WebSocketFrame {
    WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
}
