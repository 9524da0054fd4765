import JSON
import RPC
import Testing
import TestSupport

@Suite struct RPCCodecRoundTripTests {
    static let messages: [RPCMessage] = [
        .request(RPCRequest(method: "vote.record", params: ["sessionId": "s-1", "choice": 3], id: .int(1))),
        .request(RPCRequest(method: "list", params: [1, "two", nil, 2.5], id: .string("req-\"2\""))),
        .request(RPCRequest(method: "event.voteReceived", params: ["text": "é\n😀"], id: nil)),
        .request(RPCRequest(method: "ping", id: .int(.min))),
        .response(RPCResponse(id: .int(1), result: ["accepted": true, "tally": [3, 5, 1]])),
        .response(RPCResponse(id: .string("x"), result: .null)),
        .response(RPCResponse(id: nil, error: .invalidRequest("Batch requests are not supported"))),
        .response(RPCResponse(id: .int(9), error: .timeout("Upstream took too long", data: ["ms": 5000]))),
        .response(RPCResponse(id: .int(10), error: RPCError(code: -32000, message: "Server error"))),
    ]

    @Test(arguments: messages)
    func encodeThenDecode_ReturnsTheSameMessage(message: RPCMessage) throws {
        let frame = RPCCodec.encode(message)
        #expect(frame.last == 0x0A)
        #expect(RPCCodec.decode(Array(frame.dropLast())) == .success(message))
    }

    @Test func messagesThroughTheFramer_InRandomPieces_ArriveIntact() throws {
        var stream: [UInt8] = []
        for _ in 0..<20 {
            for message in Self.messages { stream += RPCCodec.encode(message) }
        }
        var generator = SplitMix64(seed: 7)
        var framer = LineFramer()
        var decoded: [RPCMessage] = []
        for piece in stream.randomPieces(maxPiece: 97, using: &generator) {
            framer.append(piece)
            while let frame = try framer.nextFrame() {
                decoded.append(try RPCCodec.decode(frame).get())
            }
        }
        #expect(decoded == Array(Array(repeating: Self.messages, count: 20).joined()))
    }
}

extension RPCMessage: CustomTestStringConvertible {
    public var testDescription: String { string(RPCCodec.encode(self)).trimmingSuffixNewline }
}

extension String {
    fileprivate var trimmingSuffixNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
