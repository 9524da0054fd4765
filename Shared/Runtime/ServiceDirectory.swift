/// The backend table (`BackendService.all`) resolved against one
/// configuration: how many instances each backend runs and where each
/// instance's socket is. A value, passed to whoever needs to reach the
/// services (the gateway's `Upstreams`, the services' own listeners).
public struct ServiceDirectory: Sendable, Equatable {
    /// One running instance of a backend.
    public struct Endpoint: Sendable, Equatable {
        public let service: BackendService
        /// 1-based.
        public let instance: Int
        public let socketPath: String
    }

    public let services: [BackendService]
    public let runtimeDirectory: String
    public let monitorInstances: Int

    public init(runtimeDirectory: String, monitorInstances: Int, services: [BackendService] = BackendService.all) {
        precondition(monitorInstances >= 1, "at least one monitor instance")
        self.services = services
        self.runtimeDirectory = runtimeDirectory
        self.monitorInstances = monitorInstances
    }

    public init(configuration: Configuration) {
        self.init(runtimeDirectory: configuration.runtimeDirectory, monitorInstances: configuration.monitorInstances)
    }

    public func instanceCount(of service: BackendService) -> Int {
        switch service.instances {
        case .single: 1
        case .perMonitorInstance: monitorInstances
        }
    }

    public func socketPath(of service: BackendService, instance: Int = 1) -> String {
        runtimeDirectory + "/" + service.socketFileName(instance: instance)
    }

    /// The instances of `service`, instance 1 first.
    public func endpoints(of service: BackendService) -> [Endpoint] {
        (1...instanceCount(of: service)).map {
            Endpoint(service: service, instance: $0, socketPath: socketPath(of: service, instance: $0))
        }
    }

    /// Every instance of every backend, in table order.
    public var endpoints: [Endpoint] { services.flatMap(endpoints(of:)) }

    /// The instance listening on `socketPath`, if the table has one.
    public func endpoint(atSocketPath socketPath: String) -> Endpoint? {
        endpoints.first { $0.socketPath == socketPath }
    }
}
