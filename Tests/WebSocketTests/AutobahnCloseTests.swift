import Testing
import TestSupport
@testable import WebSocket

/// Close frames (RFC 6455 §5.5.1, §7.4): Autobahn 7.x.
struct AutobahnCloseTests {
    @Test func case7_3_1_emptyClose_hasNoCode() {
        #expect(run(rawFrame(opcode: Op.close)) == Outcome(events: [.close(code: nil, reason: "")]))
    }

    @Test(arguments: Feed.all)
    func case7_3_2_oneByteClose_failsWith1002(feed: Feed) {
        #expect(run(rawFrame(opcode: Op.close, payload: [0x03]), feed: feed)
            == Outcome(error: .protocolError("close frame body of one byte")))
    }

    @Test func case7_3_3_codeOnly_isDelivered() {
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(1000))) == Outcome(events: [.close(code: 1000, reason: "")]))
    }

    @Test func case7_3_4_codeAndReason_areDelivered() {
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(1000, bytes("Hello World!"))))
            == Outcome(events: [.close(code: 1000, reason: "Hello World!")]))
    }

    @Test func case7_3_5_reasonOf123Bytes_isDelivered() {
        let reason = String(repeating: "*", count: 123)
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(1000, bytes(reason))))
            == Outcome(events: [.close(code: 1000, reason: reason)]))
    }

    @Test func case7_3_6_reasonOf124Bytes_failsWith1002() {
        let reason = [UInt8](repeating: 0x2A, count: 124)
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(1000, reason))).error?.closeCode == 1002)
    }

    @Test(arguments: Feed.all)
    func case7_5_1_reasonThatIsNotUTF8_failsWith1007(feed: Feed) {
        let reason = AutobahnUTF8Tests.kosme + [0xED, 0xA0, 0x80] + bytes("edited")
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(1000, reason)), feed: feed)
            == Outcome(error: .invalidPayload("close reason is not valid UTF-8")))
    }

    @Test func truncatedUTF8Reason_failsWith1007() {
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(1000, [0xE2, 0x82]))).error?.closeCode == 1007)
    }

    @Test(arguments: [UInt16(1000), 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999])
    func case7_7_validCodes_areDelivered(code: UInt16) {
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(code, bytes("é"))))
            == Outcome(events: [.close(code: code, reason: "é")]))
    }

    @Test(arguments: [UInt16(0), 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535])
    func case7_9_invalidCodes_failWith1002(code: UInt16) {
        #expect(run(rawFrame(opcode: Op.close, payload: closeBody(code))) == Outcome(error: .protocolError("invalid close code \(code)")))
    }

    @Test func closeCodeRanges_haveTheirExactEdges() {
        let valid = (0...UInt16.max).filter(WebSocketCloseCode.isValidInCloseFrame)
        #expect(valid.count == 4 + 8 + 2000)
        #expect(valid.first == 1000)
        #expect(valid.last == 4999)
        #expect(!valid.contains(1004) && !valid.contains(1005) && !valid.contains(1006) && !valid.contains(1015))
    }

    @Test func closeCodeConstants_haveTheirRegisteredValues() {
        #expect(WebSocketCloseCode.normal == 1000)
        #expect(WebSocketCloseCode.goingAway == 1001)
        #expect(WebSocketCloseCode.protocolError == 1002)
        #expect(WebSocketCloseCode.unsupportedData == 1003)
        #expect(WebSocketCloseCode.invalidPayload == 1007)
        #expect(WebSocketCloseCode.policyViolation == 1008)
        #expect(WebSocketCloseCode.messageTooBig == 1009)
        #expect(WebSocketCloseCode.internalError == 1011)
    }

    @Test func framesAfterAClose_stillParse_theCallerDecidesToStop() {
        let input = rawFrame(opcode: Op.close, payload: closeBody(1000)) + rawFrame(opcode: Op.text, payload: bytes("late"))
        #expect(run(input).events == [.close(code: 1000, reason: ""), .text("late")])
    }
}
