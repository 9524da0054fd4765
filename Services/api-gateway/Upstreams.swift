import Contracts
import IO
import Runtime

/// The gateway's connections to the services, one set per event loop so a
/// loop never touches another loop's sockets.
final class Upstreams: @unchecked Sendable {
    let session: RPCClient
    let vote: RPCClient
    let monitors: [RPCClient]

    init(loop: EventLoop, configuration: Configuration, logger: Logger) {
        let timeout = configuration.rpcTimeoutMilliseconds
        session = RPCClient(serviceName: ServiceName.session, path: configuration.sessionSocketPath, loop: loop,
                            logger: logger, defaultTimeoutMilliseconds: timeout)
        vote = RPCClient(serviceName: ServiceName.vote, path: configuration.voteSocketPath, loop: loop,
                         logger: logger, defaultTimeoutMilliseconds: timeout)
        monitors = (1...configuration.monitorInstances).map { instance in
            RPCClient(serviceName: ServiceName.monitor, path: configuration.monitorSocketPath(instance), loop: loop,
                      logger: logger, defaultTimeoutMilliseconds: timeout)
        }
    }

    var all: [RPCClient] { [session, vote] + monitors }

    func start() { all.forEach { $0.start() } }
    func stop() { all.forEach { $0.stop() } }
}
