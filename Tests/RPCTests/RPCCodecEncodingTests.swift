import JSON
import RPC
import Testing

/// Encoding: compact JSON, one trailing newline, members jsonrpc, method/result/error, params, id.
@Suite struct RPCCodecEncodingTests {
    @Test func request_IsEncodedInMemberOrder() {
        let request = RPCRequest(method: "vote.record", params: ["b": 1, "a": [true]], id: .int(42))
        #expect(string(RPCCodec.encode(request)) ==
            #"{"jsonrpc":"2.0","method":"vote.record","params":{"b":1,"a":[true]},"id":42}"# + "\n")
    }

    @Test func notification_HasNoIdMember() {
        let request = RPCRequest(method: "event.tick", params: [1], id: nil)
        #expect(string(RPCCodec.encode(request)) == #"{"jsonrpc":"2.0","method":"event.tick","params":[1]}"# + "\n")
    }

    @Test func requestWithoutParams_HasNoParamsMember() {
        let request = RPCRequest(method: "ping", id: .string("p-1"))
        #expect(string(RPCCodec.encode(request)) == #"{"jsonrpc":"2.0","method":"ping","id":"p-1"}"# + "\n")
    }

    @Test func successResponse_IsEncoded() {
        let response = RPCResponse(id: .int(7), result: ["ok": true])
        #expect(string(RPCCodec.encode(response)) == #"{"jsonrpc":"2.0","result":{"ok":true},"id":7}"# + "\n")
    }

    @Test func errorResponse_WithData_IsEncoded() {
        let response = RPCResponse(id: .string("x"), error: .conflict("Already voted", data: ["round": 2]))
        #expect(string(RPCCodec.encode(response)) ==
            #"{"jsonrpc":"2.0","error":{"code":1002,"message":"Already voted","data":{"round":2}},"id":"x"}"# + "\n")
    }

    @Test func errorResponse_WithUnknownId_WritesNullId_AndOmitsMissingData() {
        let response = RPCResponse(id: nil, error: .parseError())
        #expect(string(RPCCodec.encode(response)) ==
            #"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}"# + "\n")
    }

    @Test func stringsWithNewlines_NeverBreakTheFrame() {
        let request = RPCRequest(method: "a\nb", params: ["text": "line1\nline2\r\n"], id: .string("i\nd"))
        let bytes = RPCCodec.encode(request)
        #expect(bytes.filter { $0 == 0x0A }.count == 1)
        #expect(bytes.last == 0x0A)
        let response = RPCCodec.encode(RPCResponse(id: nil, error: .internalError("multi\nline", data: "x\ny")))
        #expect(response.filter { $0 == 0x0A }.count == 1)
        #expect(response.last == 0x0A)
    }

    @Test func encodingAMessage_MatchesEncodingItsPayload() {
        let request = RPCRequest(method: "m", id: .int(1))
        let response = RPCResponse(id: .int(1), result: 5)
        #expect(RPCCodec.encode(RPCMessage.request(request)) == RPCCodec.encode(request))
        #expect(RPCCodec.encode(RPCMessage.response(response)) == RPCCodec.encode(response))
    }
}
