import JSON
import Testing
@testable import RPC

@Suite struct RPCPassthroughTests {
    private func frame(_ response: RPCResponse) -> [UInt8] {
        Array(RPCCodec.encode(response).dropLast())  // without the newline, as the framer yields it
    }

    @Test func successResultBytesAreTheSerializedResult() throws {
        let result: JSONValue = ["a": [1, "x,\"id\":2}"], "b": nil]
        let found = try #require(RPCCodec.successResult(frame(RPCResponse(id: .int(42), outcome: .success(result)))))
        #expect(found.id == 42)
        #expect(Array(found.result) == result.serialized)
    }

    @Test func errorsStringIdsAndForeignLayoutsFallBack() {
        #expect(RPCCodec.successResult(frame(RPCResponse(id: .int(1), outcome: .failure(.internalError())))) == nil)
        #expect(RPCCodec.successResult(frame(RPCResponse(id: .string("1"), outcome: .success(1)))) == nil)
        #expect(RPCCodec.successResult(Array(#"{"result":1,"jsonrpc":"2.0","id":1}"#.utf8)) == nil)
        #expect(RPCCodec.successResult(Array(#"{"jsonrpc":"2.0","result":1,"id":}"#.utf8)) == nil)
        #expect(RPCCodec.successResult(Array(#"{"jsonrpc":"2.0","result":1,"id":99999999999999999999}"#.utf8)) == nil)
    }

    @Test func agreesWithTheFullDecoderOnManyResults() throws {
        let results: [JSONValue] = [0, -7, 1.5, "", "id", [], [:], ["id": 5], [["id": 1], ["id": 2]], true, nil]
        for (index, result) in results.enumerated() {
            let bytes = frame(RPCResponse(id: .int(Int64(index)), outcome: .success(result)))
            let fast = try #require(RPCCodec.successResult(bytes))
            guard case .success(.response(let decoded)) = RPCCodec.decode(bytes) else {
                Issue.record("full decode failed")
                continue
            }
            #expect(decoded.id == .int(fast.id))
            #expect(try JSONValue.parse(Array(fast.result)) == (try decoded.outcome.get()))
        }
    }
}
