import Testing
import TestSupport
@testable import WebSocket

/// Message and frame size limits at their exact boundaries (in the spirit of
/// Autobahn 9.x, scaled down).
struct LimitTests {
    @Test(arguments: [Feed.allAtOnce, .randomSplits(seed: 11)])
    func singleFrameMessageOfExactlyMaxMessageBytes_isDelivered(feed: Feed) {
        let text = String(repeating: "a", count: 4096)
        #expect(run(rawFrame(opcode: Op.text, payload: bytes(text)), feed: feed, maxMessageBytes: 4096)
            == Outcome(events: [.text(text)]))
    }

    @Test func singleFrameMessageOneOverMaxMessageBytes_failsWith1009() {
        let payload = [UInt8](repeating: 1, count: 4097)
        #expect(run(rawFrame(opcode: Op.binary, payload: payload), maxMessageBytes: 4096)
            == Outcome(error: .messageTooBig("message over 4096 bytes")))
    }

    @Test(arguments: [Feed.allAtOnce, .byteByByte])
    func fragmentedMessageOfExactlyMaxMessageBytes_isDelivered(feed: Feed) {
        let input = rawFrame(fin: false, opcode: Op.binary, payload: [UInt8](repeating: 1, count: 1000))
            + rawFrame(fin: false, opcode: Op.continuation, payload: [UInt8](repeating: 2, count: 1000))
            + rawFrame(opcode: Op.continuation, payload: [UInt8](repeating: 3, count: 48))
        let expected = [UInt8](repeating: 1, count: 1000) + [UInt8](repeating: 2, count: 1000) + [UInt8](repeating: 3, count: 48)
        #expect(run(input, feed: feed, maxMessageBytes: 2048) == Outcome(events: [.binary(expected)]))
    }

    @Test func fragmentedMessageOneOverMaxMessageBytes_failsAtTheFragmentThatCrossesIt_beforeFIN() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 2048)
        #expect(try assembler.process(frame(.text, [UInt8](repeating: 0x61, count: 2000), fin: false)) == nil)
        #expect(try assembler.process(frame(.continuation, [UInt8](repeating: 0x61, count: 48), fin: false)) == nil)
        let error = caughtError { try assembler.process(frame(.continuation, [0x61], fin: false)) }
        #expect(error?.closeCode == 1009)
    }

    @Test func emptyFinalFragmentAtTheLimit_isFine() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 3)
        #expect(try assembler.process(frame(.binary, [1, 2, 3], fin: false)) == nil)
        #expect(try assembler.process(frame(.continuation, [])) == .binary([1, 2, 3]))
    }

    @Test func controlFrames_doNotCountTowardsTheMessage() throws {
        var assembler = WebSocketMessageAssembler(maxMessageBytes: 10)
        #expect(try assembler.process(frame(.text, bytes("12345"), fin: false)) == nil)
        #expect(try assembler.process(frame(.ping, [UInt8](repeating: 0, count: 100))) == .ping([UInt8](repeating: 0, count: 100)))
        #expect(try assembler.process(frame(.continuation, bytes("67890"))) == .text("1234567890"))
    }

    @Test func frameLimit_appliesPerFrame_messageLimitToTheSum() {
        let input = rawFrame(fin: false, opcode: Op.binary, payload: [UInt8](repeating: 7, count: 100))
            + rawFrame(opcode: Op.continuation, payload: [UInt8](repeating: 7, count: 100))
        #expect(run(input, maxFramePayload: 100, maxMessageBytes: 200).events == [.binary([UInt8](repeating: 7, count: 200))])
        #expect(run(input, maxFramePayload: 99, maxMessageBytes: 200).error?.closeCode == 1009)
        #expect(run(input, maxFramePayload: 100, maxMessageBytes: 199).error?.closeCode == 1009)
    }

    @Test func frameOneOverTheLimit_failsBeforeItsPayloadIsBuffered() {
        var parser = WebSocketFrameParser(maxFramePayload: 65535)
        let header = Array(rawFrame(opcode: Op.binary, payload: [UInt8](repeating: 0, count: 65536))[..<14])
        parser.append(header)
        let error = caughtError { try parser.nextFrame() }
        #expect(error == .messageTooBig("frame payload over 65535 bytes"))
    }

    @Test func largeMessageInManyFrames_isAssembledIntact() {
        var generator = SplitMix64(seed: 77)
        let message = (0..<(256 * 1024)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        var input: [UInt8] = []
        var offset = 0
        while offset < message.count {
            let end = min(offset + 4096, message.count)
            input += rawFrame(fin: end == message.count, opcode: offset == 0 ? Op.binary : Op.continuation,
                              payload: Array(message[offset..<end]), maskKey: UInt32(truncatingIfNeeded: generator.next()))
            offset = end
        }
        #expect(run(input, feed: .randomSplits(seed: 8), maxFramePayload: 4096, maxMessageBytes: message.count)
            == Outcome(events: [.binary(message)]))
    }
}
