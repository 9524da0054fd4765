import Testing
import IO
import JSON
import RPC
import Runtime

/// A reply over the frame limit fails its own call only: the server answers
/// that id with an error instead of writing a line the client must refuse
/// (which used to drop the connection and every call in flight on it).
struct RPCOversizedReplyTests {
    @Test func replyOverTheFrameLimit_FailsOnlyItsCall_AndTheConnectionStays() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(maxFrameBytes: 1024) { server in
                server.register("big") { call in call.succeed(.string(String(repeating: "x", count: 4000))) }
                server.register("small") { call in call.succeed(.string("ok")) }
            }
            let client = try fixture.connectedClient(maxFrameBytes: 1024)
            let big = try fixture.call(client, "big")
            #expect(big.error?.code == RPCErrorCode.internalError)
            #expect(big.error?.message == "Reply exceeds the 1024-byte frame limit")
            #expect(try fixture.call(client, "small") == .success(.string("ok")))
            #expect(fixture.isConnected(client))
            try fixture.stop(client, server)
        }
    }
}
