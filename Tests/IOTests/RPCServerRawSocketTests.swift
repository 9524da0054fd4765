import Glibc
import Testing
import IO
import JSON
import RPC
import Runtime

/// The server as a misbehaving or hand-written client sees it: raw bytes.
struct RPCServerRawSocketTests {
    private static func registerPing(_ server: RPCServer) {
        server.register("ping") { call in call.succeed("pong") }
    }

    private func response(_ line: [UInt8]) throws -> (id: JSONValue?, result: JSONValue?, code: Int64?, message: String?) {
        let value = try JSONValue.parse(line)
        return (value["id"], value["result"], value["error"]?["code"]?.intValue, value["error"]?["message"]?.stringValue)
    }

    @Test func malformedLine_GetsAParseErrorWithNullID_AndTheConnectionStaysUsable() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(Self.registerPing)
            let peer = try PeerSocket.connect(path: fixture.path)
            try peer.send("{this is not json\n")
            let failure = try response(try peer.receiveLine())
            #expect(failure.code == -32700)
            #expect(failure.id == .null)

            try peer.send(#"{"jsonrpc":"2.0","method":"ping","id":7}"# + "\n")
            let answer = try response(try peer.receiveLine())
            #expect(answer.id == 7)
            #expect(answer.result == "pong")
            try fixture.stop(nil, server)
        }
    }

    @Test func requestSplitAcrossWrites_IsReassembled() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(Self.registerPing)
            let peer = try PeerSocket.connect(path: fixture.path)
            try peer.send(#"{"jsonrpc":"2.0","met"#)
            usleep(20_000)
            try peer.send(#"hod":"ping","id":"a"}"# + "\r\n")
            let answer = try response(try peer.receiveLine())
            #expect(answer.id == "a")
            #expect(answer.result == "pong")
            try fixture.stop(nil, server)
        }
    }

    @Test func notifications_AreNeverAnswered_EvenForUnknownMethods() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(Self.registerPing)
            let peer = try PeerSocket.connect(path: fixture.path)
            try peer.send(#"{"jsonrpc":"2.0","method":"ping"}"# + "\n"
                          + #"{"jsonrpc":"2.0","method":"no.such.method","params":{}}"# + "\n"
                          + #"{"jsonrpc":"2.0","method":"ping","id":8}"# + "\n")
            let first = try response(try peer.receiveLine())
            #expect(first.id == 8, "the first reply on the wire must be the request's")
            usleep(50_000)
            #expect(try peer.receiveAvailable().isEmpty)
            try fixture.stop(nil, server)
        }
    }

    @Test func lineOverMaxFrameBytes_GetsAnErrorResponse_ThenTheServerCloses() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(maxFrameBytes: 1024, Self.registerPing)
            let peer = try PeerSocket.connect(path: fixture.path)
            let oversized = #"{"jsonrpc":"2.0","method":"ping","params":{"pad":""# + String(repeating: "x", count: 2_000) + #""},"id":2}"#
            try peer.send(#"{"jsonrpc":"2.0","method":"ping","id":1}"# + "\n" + oversized + "\n")

            let answered = try response(try peer.receiveLine())
            #expect(answered.id == 1, "a valid line before the oversized one is still answered")
            let refused = try response(try peer.receiveLine())
            #expect(refused.code == -32600)
            #expect(refused.message == "Frame exceeds 1024 bytes")
            #expect(refused.id == .null)
            #expect(try peer.receiveUntilEOF().isEmpty)
            #expect(peer.sawEOF)
            try fixture.stop(nil, server)
        }
    }

    @Test func lineOverMaxFrameBytes_IsRefusedBeforeItsNewlineArrives() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(maxFrameBytes: 1024, Self.registerPing)
            let peer = try PeerSocket.connect(path: fixture.path)
            try peer.send(String(repeating: "x", count: 1_500))
            let refused = try response(try peer.receiveLine())
            #expect(refused.code == -32600)
            #expect(try peer.receiveUntilEOF().isEmpty)
            try fixture.stop(nil, server)
        }
    }
}

@Suite struct RPCServerInFlightCapTests {
    /// A handler that holds every call: the server must stop reading at
    /// its cap, and read on as soon as one call is answered.
    @Test func connectionStopsReadingAtTheInFlightCapAndResumesOnAReply() throws {
        try RPCFixture.with { fixture in
            let held = Locked<[RPCCall]>([])
            let (loop, path) = (fixture.loop, fixture.path)
            let server = try fixture.running.sync {
                let server = RPCServer(loop: loop, logger: RPCFixture.logger, maxInFlightPerConnection: 10)
                server.register("hold") { call in held.append(call) }
                try server.start(path: path)
                return server
            }
            let peer = try PeerSocket.connect(path: fixture.path)
            try peer.send((1...25).map { #"{"jsonrpc":"2.0","method":"hold","id":\#($0)}"# + "\n" }.joined())
            #expect(eventually { held.value.count == 10 })
            usleep(200_000)
            #expect(held.value.count == 10)
            let first = held.value[0]
            try fixture.running.sync { first.succeed(1) }
            #expect(eventually { held.value.count == 11 })
            usleep(200_000)
            #expect(held.value.count == 11)
            // A second answer to the same call is ignored: no double release.
            try fixture.running.sync { first.succeed(2) }
            usleep(200_000)
            #expect(held.value.count == 11)
            try fixture.stop(nil, server)
        }
    }
}
