import IO
import Runtime

/// The gateway's connections to the services, one set per event loop so a
/// loop never touches another loop's sockets.
///
/// Built from the backend table (`ServiceDirectory`): one RPC client per
/// instance of every backend, looked up by service (and instance).
final class Upstreams: @unchecked Sendable {
    let loop: EventLoop
    let directory: ServiceDirectory
    private let clients: [BackendService: [RPCClient]]

    init(loop: EventLoop, directory: ServiceDirectory, logger: Logger, timeoutMilliseconds: Int,
         limits: RPCClientLimits = RPCClientLimits()) {
        self.loop = loop
        self.directory = directory
        var clients: [BackendService: [RPCClient]] = [:]
        for service in directory.services {
            clients[service] = directory.endpoints(of: service).map { endpoint in
                RPCClient(serviceName: service.name, path: endpoint.socketPath, loop: loop, logger: logger,
                          defaultTimeoutMilliseconds: timeoutMilliseconds, maxFrameBytes: service.maxFrameBytes,
                          limits: limits)
            }
        }
        self.clients = clients
    }

    convenience init(loop: EventLoop, configuration: Configuration, logger: Logger) {
        self.init(loop: loop, directory: configuration.services, logger: logger,
                  timeoutMilliseconds: configuration.rpcTimeoutMilliseconds, limits: configuration.rpcClientLimits)
    }

    /// The client for instance `instance` (1-based) of `service`. A service
    /// or instance missing from the table is a programming error. Loop
    /// thread only.
    func client(for service: BackendService, instance: Int = 1) -> RPCClient {
        loop.assertInLoop()
        guard let instances = clients[service], instances.indices.contains(instance - 1) else {
            preconditionFailure("no upstream \(service.name) instance \(instance)")
        }
        return instances[instance - 1]
    }

    /// Every instance of `service`, instance 1 first. Loop thread only.
    func instances(of service: BackendService) -> [RPCClient] {
        loop.assertInLoop()
        return clients[service] ?? []
    }

    var all: [RPCClient] { directory.services.flatMap { clients[$0] ?? [] } }

    func start() { all.forEach { $0.start() } }
    func stop() { all.forEach { $0.stop() } }
}
