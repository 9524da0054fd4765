import JSON
import RPC
import Testing
@testable import api_gateway

/// The request body travels as its own bytes inside the RPC request
/// (`RPCCodec.encode(_:splicing:)`); the service must read exactly the
/// params it would have read from a re-serialized tree.
@Suite struct BodySpliceTests {
    private func forward(_ body: String, params: JSONObject = ["id": 5, "query": [:]],
                         id: RPCID? = .int(7)) throws -> (frame: [UInt8], request: RPCRequest) {
        guard case .object(let bytes) = ForwardedParams.body(method: "POST", bytes: Array(body.utf8)),
              let member = ForwardedParams.Body.object(bytes).member else {
            throw SpliceFailure("body rejected")
        }
        let frame = RPCCodec.encode(RPCRequest(method: "votes.importChat", params: .object(params), id: id),
                                    splicing: member)
        guard case .success(.request(let request)) = RPCCodec.decode(Array(frame.dropLast())) else {
            throw SpliceFailure("frame does not decode: \(String(decoding: frame, as: UTF8.self))")
        }
        return (frame, request)
    }

    struct SpliceFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func theServiceReadsTheSameParamsAsFromATree() throws {
        let body = #"{"chatData":[{"username":"ä","message":"thisgame++ \"quoted\"","timestamp":"2026-03-15T19:20:00Z"}],"n":1.5}"#
        let (_, request) = try forward(body)
        #expect(request.method == "votes.importChat")
        #expect(request.id == .int(7))
        var expected: JSONObject = ["id": 5, "query": [:]]
        expected.append("body", try JSONValue.parse(body))
        #expect(request.params == .object(expected))
    }

    @Test func lineBreaksInThePrettyPrintedBodyAreBlanked_SoTheFrameIsOneLine() throws {
        let body = "{\r\n  \"chatData\": [\n    {\"message\": \"a\\nb\"}\n  ]\n}\n"
        let (frame, request) = try forward(body)
        #expect(frame.last == 0x0A)
        #expect(!frame.dropLast().contains(0x0A) && !frame.contains(0x0D))
        #expect(request.params?["body"] == (try JSONValue.parse(body)))
        #expect(request.params?["body"]?["chatData"]?[0]?["message"] == "a\nb")
    }

    @Test func emptyParamsAndNotifications() throws {
        let (frame, request) = try forward("{}", params: JSONObject(), id: nil)
        #expect(String(decoding: frame, as: UTF8.self) == #"{"jsonrpc":"2.0","method":"votes.importChat","params":{"body":{}}}"# + "\n")
        #expect(request.isNotification)
    }
}
