import Testing
import TestSupport
@testable import WebSocket

/// Autobahn TestSuite cases 1.x (framing), 2.x (ping/pong), 3.x (reserved
/// bits) and 4.x (opcodes), as client-to-server byte streams through parser
/// and assembler.
struct AutobahnFramingTests {
    // MARK: 1.x text and binary messages of various lengths

    @Test(arguments: [0, 125, 126, 127, 128, 65535, 65536])
    func case1_1_textMessageOfLength_isEchoedIntact(length: Int) {
        let text = String(repeating: "*", count: length)
        #expect(run(rawFrame(opcode: Op.text, payload: bytes(text)), feed: .randomSplits(seed: UInt64(length)))
            == Outcome(events: [.text(text)]))
    }

    @Test(arguments: [0, 125, 126, 127, 128, 65535, 65536])
    func case1_2_binaryMessageOfLength_isEchoedIntact(length: Int) {
        let payload = [UInt8](repeating: 0xFE, count: length)
        #expect(run(rawFrame(opcode: Op.binary, payload: payload), feed: .randomSplits(seed: UInt64(length)))
            == Outcome(events: [.binary(payload)]))
    }

    // MARK: 2.x ping/pong

    @Test(arguments: Feed.all)
    func case2_1to2_4_pingsWithEmptySmallBinaryAnd125BytePayloads_areDelivered(feed: Feed) {
        let payloads: [[UInt8]] = [[], bytes("Hello, world!"), [0x00, 0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0x00, 0xFF],
                                   [UInt8](repeating: 0xFE, count: 125)]
        let input = payloads.flatMap { rawFrame(opcode: Op.ping, payload: $0) }
        #expect(run(input, feed: feed) == Outcome(events: payloads.map { .ping($0) }))
    }

    @Test(arguments: Feed.all)
    func case2_5_pingWith126BytePayload_failsWith1002(feed: Feed) {
        let input = rawFrame(opcode: Op.ping, payload: [UInt8](repeating: 0xFE, count: 126))
        #expect(run(input, feed: feed).error?.closeCode == 1002)
    }

    @Test func case2_7to2_8_unsolicitedPongs_areDelivered() {
        let input = rawFrame(opcode: Op.pong) + rawFrame(opcode: Op.pong, payload: bytes("unsolicited pong payload"))
        #expect(run(input) == Outcome(events: [.pong([]), .pong(bytes("unsolicited pong payload"))]))
    }

    @Test func case2_10_tenPingsInARow_areEachDelivered() {
        let input = (0..<10).flatMap { rawFrame(opcode: Op.ping, payload: bytes("payload-\($0)")) }
        #expect(run(input, feed: .byteByByte).events == (0..<10).map { .ping(bytes("payload-\($0)")) })
    }

    // MARK: 3.x reserved bits

    @Test(arguments: [(UInt8(1), Op.text), (2, Op.text), (3, Op.text), (4, Op.text), (5, Op.binary), (6, Op.ping),
                      (7, Op.close)] as [(UInt8, UInt8)])
    func case3_x_reservedBits_failWith1002_afterEarlierFramesAreDelivered(rsv: UInt8, opcode: UInt8) {
        let input = rawFrame(opcode: Op.text, payload: bytes("Hello, world!"))
            + rawFrame(rsv: rsv, opcode: opcode, payload: opcode == Op.close ? closeBody(1000) : bytes("Hello, world!"))
            + rawFrame(opcode: Op.ping)
        let outcome = run(input, feed: .byteByByte)
        #expect(outcome.events == [.text("Hello, world!")])
        #expect(outcome.error?.closeCode == 1002)
    }

    // MARK: 4.x opcodes

    @Test(arguments: [UInt8(3), 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF])
    func case4_x_reservedOpcodes_failWith1002_withOrWithoutPayload(opcode: UInt8) {
        #expect(run(rawFrame(opcode: opcode)).error?.closeCode == 1002)
        let outcome = run(rawFrame(opcode: Op.text, payload: bytes("Hello")) + rawFrame(opcode: opcode, payload: bytes("x"))
                          + rawFrame(opcode: Op.ping))
        #expect(outcome.events == [.text("Hello")])
        #expect(outcome.error?.closeCode == 1002)
    }

    @Test func opcode_isControl_forCloseAndPingAndPongOnly() {
        #expect(WebSocketOpcode.allCases.filter(\.isControl) == [.close, .ping, .pong])
        #expect(WebSocketOpcode(rawValue: 3) == nil)
        #expect(WebSocketOpcode(rawValue: 0xB) == nil)
        #expect(WebSocketOpcode(rawValue: 0xA) == .pong)
    }
}
