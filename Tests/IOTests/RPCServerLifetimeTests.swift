import Glibc
import Testing
import IO
import Runtime

/// What happens to connections that outlive their `RPCServer` object.
struct RPCServerLifetimeTests {
    /// `stop()` lets each connection linger (up to 2 s) for the client's FIN;
    /// an owner that drops the server after `stop()` must not crash when such
    /// a connection finally closes. Run in a child process: the failure mode
    /// is a fatal error ("Attempted to read an unowned reference but object …
    /// was already destroyed"), which would otherwise take the whole suite down.
    @Test func serverReleasedAfterStop_WhileAConnectionLingers_DoesNotCrash() async {
        await #expect(processExitsWith: .success) {
            try Self.releaseServerAfterStopWhileAConnectionLingers()
        }
    }

    private static func releaseServerAfterStopWhileAConnectionLingers() throws {
        try TemporaryDirectory.with { directory in
            try RunningLoop.with { running in
                let path = directory.file("svc.sock")
                let loop = running.loop
                var server: RPCServer? = try running.sync {
                    let server = RPCServer(loop: loop, logger: RPCFixture.logger)
                    server.register("ping") { call in call.succeed("pong") }
                    try server.start(path: path)
                    return server
                }
                let peer = try PeerSocket.connect(path: path)
                try peer.send(#"{"jsonrpc":"2.0","method":"ping","id":1}"# + "\n")
                _ = try peer.receiveLine()

                try running.sync { [server] in server?.stop() } // the connection now lingers
                _ = try peer.receiveUntilEOF()
                server = nil // the owner lets go
                peer.close() // the lingering connection reads our FIN and closes
                usleep(200_000)
            }
        }
    }
}
