import Testing
import TestSupport
@testable import WebSocket

/// One malformed input, the code it must fail with, and how many of its
/// bytes (the header) suffice to fail.
struct RejectedFrame: Sendable, CustomStringConvertible {
    var name: String
    var input: [UInt8]
    var code: UInt16
    var headerCount: Int
    var maxFramePayload = 1 << 20
    var expectMasked = true

    var description: String { name }

    static let all: [RejectedFrame] = {
        var cases: [RejectedFrame] = [
            RejectedFrame(name: "RSV1 set", input: rawFrame(rsv: 0b100, opcode: Op.text, payload: bytes("Hello")),
                          code: 1002, headerCount: 1),
            RejectedFrame(name: "RSV2 set", input: rawFrame(rsv: 0b010, opcode: Op.text, payload: bytes("Hello")),
                          code: 1002, headerCount: 1),
            RejectedFrame(name: "RSV3 set", input: rawFrame(rsv: 0b001, opcode: Op.binary, payload: [1, 2]),
                          code: 1002, headerCount: 1),
            RejectedFrame(name: "RSV on a ping", input: rawFrame(rsv: 0b111, opcode: Op.ping),
                          code: 1002, headerCount: 1),
            RejectedFrame(name: "ping of 126 bytes",
                          input: rawFrame(opcode: Op.ping, payload: [UInt8](repeating: 0x61, count: 126)),
                          code: 1002, headerCount: 2),
            RejectedFrame(name: "close of 126 bytes",
                          input: rawFrame(opcode: Op.close, payload: closeBody(1000, [UInt8](repeating: 0x61, count: 124))),
                          code: 1002, headerCount: 2),
            RejectedFrame(name: "pong with a 16-bit length of 5",
                          input: rawFrame(opcode: Op.pong, payload: bytes("Hello"), lengthForm: .sixteenBit),
                          code: 1002, headerCount: 2),
            RejectedFrame(name: "ping without FIN", input: rawFrame(fin: false, opcode: Op.ping, payload: bytes("a")),
                          code: 1002, headerCount: 1),
            RejectedFrame(name: "close without FIN", input: rawFrame(fin: false, opcode: Op.close),
                          code: 1002, headerCount: 1),
            RejectedFrame(name: "unmasked client frame", input: rawFrame(opcode: Op.text, payload: bytes("Hello"), maskKey: nil),
                          code: 1002, headerCount: 2),
            RejectedFrame(name: "masked server frame (client side)", input: rawFrame(opcode: Op.text, payload: bytes("Hello")),
                          code: 1002, headerCount: 2, expectMasked: false),
            RejectedFrame(name: "64-bit length with the top bit set",
                          input: rawFrame(opcode: Op.binary, declaredLength: 0x8000_0000_0000_0005) + [1, 2, 3, 4, 5],
                          code: 1002, headerCount: 10),
            RejectedFrame(name: "64-bit length of 2^64-1",
                          input: rawFrame(opcode: Op.binary, declaredLength: UInt64.max),
                          code: 1002, headerCount: 10),
            RejectedFrame(name: "payload one over maxFramePayload (7-bit)",
                          input: rawFrame(opcode: Op.binary, payload: [UInt8](repeating: 1, count: 101)),
                          code: 1009, headerCount: 2, maxFramePayload: 100),
            RejectedFrame(name: "payload one over maxFramePayload (16-bit)",
                          input: rawFrame(opcode: Op.text, payload: [UInt8](repeating: 0x61, count: 1001)),
                          code: 1009, headerCount: 4, maxFramePayload: 1000),
            RejectedFrame(name: "huge declared 64-bit payload",
                          input: rawFrame(opcode: Op.binary, declaredLength: 1 << 40),
                          code: 1009, headerCount: 10),
        ]
        for opcode: UInt8 in [3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF] {
            cases.append(RejectedFrame(name: "reserved opcode \(opcode)",
                                       input: rawFrame(opcode: opcode, payload: bytes("x")), code: 1002, headerCount: 1))
        }
        return cases
    }()
}

struct FrameParserRuleTests {
    @Test(arguments: RejectedFrame.all, Feed.all)
    func malformedFrame_failsWithItsCloseCode(rejected: RejectedFrame, feed: Feed) {
        let result = parseFrames(rejected.input, feed: feed, maxFramePayload: rejected.maxFramePayload,
                                 expectMasked: rejected.expectMasked)
        #expect(result.frames.isEmpty)
        #expect(result.error?.closeCode == rejected.code)
    }

    @Test(arguments: RejectedFrame.all)
    func malformedFrame_failsOnItsHeaderAlone_beforeAnyPayloadArrives(rejected: RejectedFrame) {
        var parser = WebSocketFrameParser(maxFramePayload: rejected.maxFramePayload, expectMasked: rejected.expectMasked)
        parser.append(Array(rejected.input[..<rejected.headerCount]))
        let error = caughtError { try parser.nextFrame() }
        #expect(error?.closeCode == rejected.code)
    }

    @Test(arguments: RejectedFrame.all)
    func malformedFrame_isNotRejectedOneByteEarlier(rejected: RejectedFrame) {
        var parser = WebSocketFrameParser(maxFramePayload: rejected.maxFramePayload, expectMasked: rejected.expectMasked)
        parser.append(Array(rejected.input[..<(rejected.headerCount - 1)]))
        let error = caughtError { try parser.nextFrame() }
        #expect(error == nil)
    }

    @Test(arguments: RejectedFrame.all)
    func malformedFrameAfterAValidOne_yieldsTheValidOneFirst(rejected: RejectedFrame) {
        let valid = rawFrame(opcode: Op.ping, payload: bytes("ok"), maskKey: rejected.expectMasked ? exampleKey : nil)
        let result = parseFrames(valid + rejected.input, feed: .byteByByte,
                                 maxFramePayload: rejected.maxFramePayload, expectMasked: rejected.expectMasked)
        #expect(result.frames == [frame(.ping, bytes("ok"))])
        #expect(result.error?.closeCode == rejected.code)
    }

    @Test func afterAnError_everyCallThrowsTheSameError_andBytesAreDropped() {
        var parser = WebSocketFrameParser(maxFramePayload: 1000)
        parser.append(rawFrame(rsv: 0b100, opcode: Op.text))
        let first = caughtError { try parser.nextFrame() }
        parser.append(rawFrame(opcode: Op.text, payload: bytes("fine")))
        #expect(first != nil)
        let error = caughtError { try parser.nextFrame() }
        #expect(error == first)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test(arguments: [LengthForm.sixteenBit, .sixtyFourBit], Feed.all)
    func nonMinimalLengthEncoding_isAccepted(form: LengthForm, feed: Feed) {
        let input = rawFrame(opcode: Op.text, payload: bytes("Hello"), lengthForm: form)
        #expect(run(input, feed: feed) == Outcome(events: [.text("Hello")]))
    }

    @Test(arguments: Feed.all)
    func emptyFramesOfEveryKind_parse(feed: Feed) {
        let input = [Op.text, Op.binary, Op.ping, Op.pong, Op.close].flatMap { rawFrame(opcode: $0) }
        let result = parseFrames(input, feed: feed)
        #expect(result.error == nil)
        #expect(result.frames == [frame(.text), frame(.binary), frame(.ping), frame(.pong), frame(.close)])
    }

    @Test(arguments: Feed.all)
    func payloadOfExactlyMaxFramePayload_isAccepted(feed: Feed) {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        let result = parseFrames(rawFrame(opcode: Op.binary, payload: payload), feed: feed, maxFramePayload: 1000)
        #expect(result.error == nil)
        #expect(result.frames == [frame(.binary, payload)])
    }

    @Test func zeroMaxFramePayload_allowsOnlyEmptyFrames() {
        #expect(parseFrames(rawFrame(opcode: Op.ping), maxFramePayload: 0).frames == [frame(.ping)])
        #expect(parseFrames(rawFrame(opcode: Op.ping, payload: [1]), maxFramePayload: 0).error?.closeCode == 1009)
    }

    @Test(arguments: Feed.all)
    func unmaskedFrames_parse_onTheClientSide(feed: Feed) {
        let input = rawFrame(opcode: Op.binary, payload: [9, 8, 7], maskKey: nil)
            + rawFrame(fin: false, opcode: Op.text, payload: bytes("a"), maskKey: nil)
        let result = parseFrames(input, feed: feed, expectMasked: false)
        #expect(result.error == nil)
        #expect(result.frames == [frame(.binary, [9, 8, 7]), frame(.text, bytes("a"), fin: false)])
    }

    @Test(arguments: Feed.all)
    func manyFramesInOneStream_comeOutInOrder_withTheirOwnKeys(feed: Feed) {
        var generator = SplitMix64(seed: 99)
        var input: [UInt8] = []
        var expected: [WebSocketFrame] = []
        for index in 0..<60 {
            let count = [0, 1, 3, 7, 8, 9, 125, 126, 127, 300, 70000][index % 11]
            let payload = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let key = UInt32(truncatingIfNeeded: generator.next())
            input += rawFrame(opcode: Op.binary, payload: payload, maskKey: key)
            expected.append(frame(.binary, payload))
        }
        let result = parseFrames(input, feed: feed)
        #expect(result.error == nil)
        #expect(result.frames == expected)
    }

    @Test func byteByByteFeeding_neverRescansThePayload() throws {
        var parser = WebSocketFrameParser(maxFramePayload: 1 << 20)
        let payload = [UInt8](repeating: 0x5A, count: 65536)
        let input = rawFrame(opcode: Op.binary, payload: payload)
        var frames: [WebSocketFrame] = []
        for byte in input {
            parser.append([byte])
            if let frame = try parser.nextFrame() { frames.append(frame) }
        }
        #expect(frames == [frame(.binary, payload)])
        // The 14-byte header is re-read at most once per arriving header
        // byte; the 65536 payload bytes are never examined by the header
        // reader.
        #expect(parser.scannedByteCount <= 14 * 14)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func consumedBytes_areDroppedFromTheBuffer() throws {
        var parser = WebSocketFrameParser(maxFramePayload: 1 << 20)
        let one = rawFrame(opcode: Op.binary, payload: [UInt8](repeating: 1, count: 5000))
        for _ in 0..<50 {
            parser.append(one + one[..<10])
            while try parser.nextFrame() != nil {}
            parser.append(Array(one[10...]))
            while try parser.nextFrame() != nil {}
        }
        #expect(parser.bufferedByteCount == 0)
        #expect(parser.buffer.count < 3 * one.count)
    }

    @Test func appendingARawBufferPointer_isTheSameAsAnArray() throws {
        var parser = WebSocketFrameParser(maxFramePayload: 100)
        RFC6455ExampleTests.helloMasked.withUnsafeBytes { parser.append($0) }
        #expect(try parser.nextFrame() == frame(.text, bytes("Hello")))
        #expect(try parser.nextFrame() == nil)
    }
}
