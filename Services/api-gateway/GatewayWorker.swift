import Glibc
import IO
import Runtime

/// One gateway event loop with everything it owns: an HTTP server on its
/// own SO_REUSEPORT listener and its own connections to the services.
/// Workers share nothing mutable, so the gateway scales across cores
/// without locks on the request path.
final class GatewayWorker: @unchecked Sendable {
    let loop: EventLoop
    let upstreams: Upstreams
    let server: HTTPServer
    let hub: LiveHub

    init(loop: EventLoop, configuration: Configuration, logger: Logger, authenticator: Authenticator,
         presence: PresenceRegistry) {
        self.loop = loop
        upstreams = Upstreams(loop: loop, configuration: configuration, logger: logger)
        hub = LiveHub(loop: loop, authenticator: authenticator, limits: configuration.webSocketLimits, logger: logger,
                      presence: presence)
        let application = GatewayApplication(upstreams: upstreams, authenticator: authenticator, hub: hub)
        let limits = configuration.httpLimits
        server = HTTPServer(loop: loop, limits: limits, logger: logger, application: application)
    }

    /// Loop thread only. Returns the port it listens on (the one the
    /// kernel chose when `port` is 0).
    @discardableResult
    func start(host: String, port: UInt16) throws -> UInt16 {
        let fd = try Socket.listenTCP(host: host, port: port, reusePort: true)
        try server.start(listeningSocket: fd)
        upstreams.start()
        return Socket.localPort(fd) ?? port
    }

    /// Loop thread only; `done` runs on this loop when the drain is over.
    func shutdown(done: @escaping () -> Void) {
        hub.shutdown { [server, upstreams] in
            server.shutdown {
                upstreams.stop()
                done()
            }
        }
    }
}
