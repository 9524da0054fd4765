import Testing
import TestSupport
@testable import WebSocket

/// The worked examples of RFC 6455 §1.3 and §5.7, both directions.
struct RFC6455ExampleTests {
    static let helloMasked: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]

    @Test func acceptKey_matchesTheSection1_3Example() {
        #expect(WebSocketHandshake.acceptKey(for: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test(arguments: Feed.all)
    func singleFrameUnmaskedText_isHello(feed: Feed) {
        let input: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        #expect(run(input, feed: feed, expectMasked: false) == Outcome(events: [.text("Hello")]))
    }

    @Test func encoderWritesTheSingleFrameUnmaskedTextExample() {
        #expect(WebSocketFrameEncoder.text("Hello") == [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f])
    }

    @Test(arguments: Feed.all)
    func singleFrameMaskedText_isHello(feed: Feed) {
        #expect(run(Self.helloMasked, feed: feed) == Outcome(events: [.text("Hello")]))
    }

    @Test func encoderWritesTheSingleFrameMaskedTextExample() {
        #expect(WebSocketFrameEncoder.encodeMasked(opcode: .text, payload: bytes("Hello"), maskKey: exampleKey)
            == Self.helloMasked)
    }

    @Test(arguments: Feed.all)
    func fragmentedUnmaskedText_isAssembledToHello(feed: Feed) {
        let input: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f]
        let parsed = parseFrames(input, feed: feed, expectMasked: false)
        #expect(parsed.frames == [frame(.text, bytes("Hel"), fin: false), frame(.continuation, bytes("lo"))])
        #expect(run(input, feed: feed, expectMasked: false) == Outcome(events: [.text("Hello")]))
    }

    @Test func encoderWritesTheFragmentedExample() {
        let first = WebSocketFrameEncoder.encode(opcode: .text, payload: bytes("Hel"), fin: false)
        let second = WebSocketFrameEncoder.encode(opcode: .continuation, payload: bytes("lo"))
        #expect(first == [0x01, 0x03, 0x48, 0x65, 0x6c])
        #expect(second == [0x80, 0x02, 0x6c, 0x6f])
    }

    @Test(arguments: Feed.all)
    func unmaskedPingAndMaskedPong_carryHello(feed: Feed) {
        let ping: [UInt8] = [0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        let pong: [UInt8] = [0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(run(ping, feed: feed, expectMasked: false) == Outcome(events: [.ping(bytes("Hello"))]))
        #expect(run(pong, feed: feed) == Outcome(events: [.pong(bytes("Hello"))]))
        #expect(WebSocketFrameEncoder.ping(bytes("Hello")) == ping)
        #expect(WebSocketFrameEncoder.encodeMasked(opcode: .pong, payload: bytes("Hello"), maskKey: exampleKey) == pong)
    }

    @Test(arguments: Feed.all)
    func binary256Bytes_uses16BitLength(feed: Feed) {
        let payload = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let wire: [UInt8] = [0x82, 0x7E, 0x01, 0x00] + payload
        #expect(WebSocketFrameEncoder.binary(payload) == wire)
        #expect(run(wire, feed: feed, expectMasked: false) == Outcome(events: [.binary(payload)]))
    }

    @Test(arguments: [Feed.allAtOnce, .randomSplits(seed: 3)])
    func binary64KiB_uses64BitLength(feed: Feed) {
        let payload = (0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        let wire: [UInt8] = [0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00] + payload
        #expect(WebSocketFrameEncoder.binary(payload) == wire)
        #expect(run(wire, feed: feed, expectMasked: false) == Outcome(events: [.binary(payload)]))
    }
}
