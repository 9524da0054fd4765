import JSON
import RPC
import Testing

/// JSON-RPC 2.0 §5 (response object) and §5.1 (error object).
@Suite struct RPCCodecResponseDecodingTests {
    @Test func successResponse_IsDecoded() {
        let response = decodedResponse(#"{"jsonrpc":"2.0","result":{"votes":[1,2]},"id":7}"#)
        #expect(response == RPCResponse(id: .int(7), result: ["votes": [1, 2]]))
    }

    @Test func nullResult_IsASuccess() {
        let response = decodedResponse(#"{"jsonrpc":"2.0","result":null,"id":"a"}"#)
        #expect(response == RPCResponse(id: .string("a"), result: .null))
    }

    @Test func errorResponse_WithData_IsDecoded() {
        let response = decodedResponse(
            #"{"jsonrpc":"2.0","error":{"code":1001,"message":"Session not found","data":{"id":"s1"}},"id":3}"#)
        #expect(response == RPCResponse(id: .int(3), error: .notFound("Session not found", data: ["id": "s1"])))
    }

    @Test func errorResponse_WithNullId_HasNilId() {
        let response = decodedResponse(#"{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}"#)
        #expect(response == RPCResponse(id: nil, error: .parseError()))
    }

    @Test func responseWithBothResultAndError_IsInvalid() {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","result":1,"error":{"code":1,"message":"x"},"id":5}"#)
        #expect(failure == RPCDecodeFailure(
            error: .invalidRequest("A response must contain exactly one of result and error"), id: .int(5)))
    }

    @Test func objectWithNeitherMethodNorResultNorError_IsInvalid() {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","id":5}"#)
        #expect(failure == RPCDecodeFailure(error: .invalidRequest("Missing method, result or error"), id: .int(5)))
    }

    @Test func responseWithoutId_IsInvalid() {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","result":1}"#)
        #expect(failure == RPCDecodeFailure(error: .invalidRequest("A response must contain an id"), id: nil))
    }

    @Test(arguments: [
        #""boom""#,
        "null",
        #"{"message":"no code"}"#,
        #"{"code":"1","message":"string code"}"#,
        #"{"code":1.5,"message":"fractional code"}"#,
        #"{"code":1}"#,
        #"{"code":1,"message":2}"#,
    ])
    func malformedErrorObject_IsInvalid_KeepingTheId(error: String) {
        let failure = decodeFailure(#"{"jsonrpc":"2.0","error":\#(error),"id":"q"}"#)
        #expect(failure?.error.code == RPCErrorCode.invalidRequest)
        #expect(failure?.id == .string("q"))
    }
}
