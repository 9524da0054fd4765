import Testing
@testable import WebSocket

struct FrameEncoderTests {
    @Test(arguments: [
        (0, [0x82, 0x00]),
        (125, [0x82, 0x7D]),
        (126, [0x82, 0x7E, 0x00, 0x7E]),
        (65535, [0x82, 0x7E, 0xFF, 0xFF]),
        (65536, [0x82, 0x7F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00]),
    ] as [(Int, [UInt8])])
    func binaryFrame_usesTheMinimalLengthForm(length: Int, header: [UInt8]) {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0) }
        #expect(WebSocketFrameEncoder.encode(opcode: .binary, payload: payload) == header + payload)
    }

    @Test(arguments: [0, 125, 126, 65535, 65536])
    func textFrame_headerMatchesTheBinaryOne_exceptTheOpcode(length: Int) {
        let text = String(repeating: "z", count: length)
        let frame = WebSocketFrameEncoder.text(text)
        var expected = WebSocketFrameEncoder.encode(opcode: .binary, payload: bytes(text))
        expected[0] = 0x81
        #expect(frame == expected)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 125, 126, 65535, 65536])
    func maskedFrame_roundTripsThroughTheServerParser(length: Int) {
        let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let wire = WebSocketFrameEncoder.encodeMasked(opcode: .binary, payload: payload, fin: false, maskKey: 0xA1B2_C3D4)
        #expect(wire == rawFrame(fin: false, opcode: Op.binary, payload: payload, maskKey: 0xA1B2_C3D4))
        #expect(parseFrames(wire).frames == [frame(.binary, payload, fin: false)])
    }

    @Test func serverFrames_areNotMasked_andRoundTripThroughAClientParser() {
        let wire = WebSocketFrameEncoder.text("héllo") + WebSocketFrameEncoder.pong([1, 2])
            + WebSocketFrameEncoder.close(code: 1001, reason: "bye")
        #expect(wire[1] & 0x80 == 0)
        #expect(run(wire, expectMasked: false)
            == Outcome(events: [.text("héllo"), .pong([1, 2]), .close(code: 1001, reason: "bye")]))
    }

    @Test func nonFinalFrame_hasFINClear() {
        #expect(WebSocketFrameEncoder.encode(opcode: .text, payload: bytes("a"), fin: false) == [0x01, 0x01, 0x61])
        #expect(WebSocketFrameEncoder.encode(opcode: .continuation, payload: []) == [0x80, 0x00])
    }

    @Test func controlFrames_haveExactBytes() {
        #expect(WebSocketFrameEncoder.ping() == [0x89, 0x00])
        #expect(WebSocketFrameEncoder.pong([0xAB]) == [0x8A, 0x01, 0xAB])
        #expect(WebSocketFrameEncoder.close(code: 1000) == [0x88, 0x02, 0x03, 0xE8])
        #expect(WebSocketFrameEncoder.close(code: 1009, reason: "big") == [0x88, 0x05, 0x03, 0xF1, 0x62, 0x69, 0x67])
    }

    @Test func closeReason_isTruncatedTo123Bytes() {
        let frame = WebSocketFrameEncoder.close(code: 1000, reason: String(repeating: "r", count: 200))
        #expect(frame.count == 2 + 125)
        #expect(frame[1] == 125)
        #expect(Array(frame[4...]) == [UInt8](repeating: 0x72, count: 123))
    }

    @Test(arguments: [("é", 2), ("€", 3), ("😀", 4)])
    func closeReason_isTruncatedOnACharacterBoundary(character: String, width: Int) {
        let reason = String(repeating: character, count: 200 / width + 1)
        let frame = WebSocketFrameEncoder.close(code: 1000, reason: reason)
        let reasonBytes = Array(frame[4...])
        #expect(reasonBytes.count == 123 / width * width)
        #expect(reasonBytes.count > 123 - width)
        #expect(String(validating: reasonBytes, as: UTF8.self) == String(repeating: character, count: 123 / width))
    }

    @Test func closeReason_mixedWidthCutsBeforeTheCharacterThatDoesNotFit() {
        // 121 ASCII bytes, then a 4-byte character at bytes 121…124: it cannot fit.
        let reason = String(repeating: "a", count: 121) + "😀" + "tail"
        let frame = WebSocketFrameEncoder.close(code: 1000, reason: reason)
        #expect(Array(frame[4...]) == bytes(String(repeating: "a", count: 121)))
        // Exactly fitting: 119 ASCII + 4 bytes = 123.
        let fitting = String(repeating: "a", count: 119) + "😀" + "tail"
        #expect(Array(WebSocketFrameEncoder.close(code: 1000, reason: fitting)[4...])
            == bytes(String(repeating: "a", count: 119) + "😀"))
    }

    @Test func masking_isItsOwnInverse_atEveryLengthAndAlignment() {
        for length in 0..<40 {
            let payload = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 3) }
            let masked = WebSocketMasking.applied(key: exampleKey, to: payload)
            let key: [UInt8] = [0x37, 0xfa, 0x21, 0x3d]
            #expect(masked == payload.enumerated().map { $0.element ^ key[$0.offset % 4] })
            #expect(WebSocketMasking.applied(key: exampleKey, to: masked) == payload)
        }
    }
}
