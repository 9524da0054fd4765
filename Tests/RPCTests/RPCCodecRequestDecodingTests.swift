import JSON
import RPC
import Testing

/// JSON-RPC 2.0 §4 (request object), §4.1 (notification), §4.2 (params), §5.1 (error codes).
@Suite struct RPCCodecRequestDecodingTests {
    @Test func requestWithNamedParams_AndIntegerId_IsDecoded() {
        let request = decodedRequest(#"{"jsonrpc":"2.0","method":"vote.record","params":{"choice":"catan"},"id":7}"#)
        #expect(request == RPCRequest(method: "vote.record", params: ["choice": "catan"], id: .int(7)))
        #expect(request?.isNotification == false)
    }

    @Test func requestWithPositionalParams_AndStringId_IsDecoded() {
        let request = decodedRequest(#"{"id":"abc","params":[1,2],"method":"sum","jsonrpc":"2.0"}"#)
        #expect(request == RPCRequest(method: "sum", params: [1, 2], id: .string("abc")))
    }

    @Test func requestWithoutParams_HasNilParams() {
        let request = decodedRequest(#"{"jsonrpc":"2.0","method":"ping","id":0}"#)
        #expect(request == RPCRequest(method: "ping", params: nil, id: .int(0)))
    }

    @Test func requestWithoutId_IsANotification() {
        let request = decodedRequest(#"{"jsonrpc":"2.0","method":"event.voteReceived","params":{"n":1}}"#)
        #expect(request?.id == nil)
        #expect(request?.isNotification == true)
    }

    @Test func extremeIntegerIds_AreKept() {
        #expect(decodedRequest(#"{"jsonrpc":"2.0","method":"m","id":-9223372036854775808}"#)?.id == .int(.min))
        #expect(decodedRequest(#"{"jsonrpc":"2.0","method":"m","id":9223372036854775807}"#)?.id == .int(.max))
    }

    @Test func unknownMembers_AreIgnored() {
        let request = decodedRequest(#"{"jsonrpc":"2.0","method":"m","id":1,"extra":{"x":[1]}}"#)
        #expect(request == RPCRequest(method: "m", id: .int(1)))
    }

    @Test func reservedRpcMethodNames_AreLeftToTheDispatcher() {
        #expect(decodedRequest(#"{"jsonrpc":"2.0","method":"rpc.discover","id":1}"#)?.method == "rpc.discover")
    }

    @Test(arguments: ["", "{", "not json", #"{"jsonrpc":"2.0","method":"m","id":1"#, "[1,]", "\u{FEFF}{}"])
    func invalidJSON_IsParseError_WithNullId(text: String) {
        let failure = decodeFailure(text)
        #expect(failure?.error.code == RPCErrorCode.parseError)
        #expect(failure?.error == .parseError())
        #expect(failure != nil && failure?.id == nil)
    }

    @Test func invalidUTF8_IsParseError() {
        let frame: [UInt8] = Array(#"{"jsonrpc":"2.0","method":""#.utf8) + [0xFF] + Array(#"","id":1}"#.utf8)
        guard case .failure(let failure) = RPCCodec.decode(frame) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure == RPCDecodeFailure(error: .parseError(), id: nil))
    }

    @Test(arguments: ["[]", #"[{"jsonrpc":"2.0","method":"m","id":1}]"#, "[1,2]"])
    func batches_AreRejectedAsInvalidRequest(text: String) {
        let failure = decodeFailure(text)
        #expect(failure == RPCDecodeFailure(error: .invalidRequest("Batch requests are not supported"), id: nil))
    }

    @Test(arguments: ["1", #""text""#, "null", "true"])
    func nonObjectJSON_IsInvalidRequest_WithNullId(text: String) {
        let failure = decodeFailure(text)
        #expect(failure?.error.code == RPCErrorCode.invalidRequest)
        #expect(failure != nil && failure?.id == nil)
    }

    @Test(arguments: [
        #"{"method":"m","id":5}"#,
        #"{"jsonrpc":"1.0","method":"m","id":5}"#,
        #"{"jsonrpc":2.0,"method":"m","id":5}"#,
        #"{"jsonrpc":"2.0 ","method":"m","id":5}"#,
        #"{"jsonrpc":null,"method":"m","id":5}"#,
    ])
    func missingOrWrongVersion_IsInvalidRequest_KeepingTheId(text: String) {
        let failure = decodeFailure(text)
        #expect(failure == RPCDecodeFailure(error: .invalidRequest(#"jsonrpc must be "2.0""#), id: .int(5)))
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","method":1,"id":"r1"}"#,
        #"{"jsonrpc":"2.0","method":null,"id":"r1"}"#,
        #"{"jsonrpc":"2.0","method":["m"],"id":"r1"}"#,
    ])
    func nonStringMethod_IsInvalidRequest_KeepingTheId(text: String) {
        #expect(decodeFailure(text) == RPCDecodeFailure(error: .invalidRequest("method must be a string"), id: .string("r1")))
    }

    @Test func missingMethod_IsInvalidRequest_KeepingTheId() {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","params":[],"id":3}"#)
        #expect(failure?.error.code == RPCErrorCode.invalidRequest)
        #expect(failure?.id == .int(3))
    }

    @Test(arguments: [#""x""#, "1", "null", "true"])
    func scalarParams_AreInvalidRequest_KeepingTheId(params: String) {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","method":"m","params":\#(params),"id":4}"#)
        #expect(failure == RPCDecodeFailure(error: .invalidRequest("params must be an object or an array"), id: .int(4)))
    }

    @Test func nullId_OnARequest_IsInvalidRequest() {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","method":"m","id":null}"#)
        #expect(failure == RPCDecodeFailure(error: .invalidRequest("id must not be null"), id: nil))
    }

    @Test(arguments: ["1.5", "1.0", "1e3", "9223372036854775808", "true", "[1]", #"{"a":1}"#])
    func idThatIsNotAStringOrInteger_IsInvalidRequest_WithNullId(id: String) {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","method":"m","id":\#(id)}"#)
        #expect(failure == RPCDecodeFailure(error: .invalidRequest("id must be a string or an integer"), id: nil))
    }

    @Test func requestCarryingAResult_IsInvalidRequest() {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","method":"m","result":1,"id":9}"#)
        #expect(failure?.error.code == RPCErrorCode.invalidRequest)
        #expect(failure?.id == .int(9))
    }

    @Test func failureResponse_IsAnErrorResponseWithTheFailuresId() {
        let failure = RPCDecodeFailure(error: .invalidRequest("method must be a string"), id: .int(2))
        #expect(failure.response == RPCResponse(id: .int(2), error: .invalidRequest("method must be a string")))
    }

    @Test func decodingAParsedValue_MatchesDecodingItsBytes() throws {
        let text = #"{"jsonrpc":"2.0","method":"m","params":[true],"id":"x"}"#
        let value = try JSONValue.parse(text)
        #expect(RPCCodec.decode(value) == decode(text))
    }
}
