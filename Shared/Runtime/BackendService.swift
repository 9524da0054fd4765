/// One backend process behind the gateway: the name `/health` reports for
/// it and how its Unix socket is named.
///
/// `BackendService.all` is the one table of backends. The gateway builds its
/// RPC clients and its `/health` groups from it, and `Configuration`'s socket
/// paths come from it, so adding a service (or running more monitor
/// instances) is one entry here, not an edit in four places.
public struct BackendService: Sendable, Hashable, CustomStringConvertible {
    /// How many instances of a backend run.
    public enum Instances: Sendable, Hashable {
        /// One process, socket `<stem>.sock`.
        case single
        /// `MONITOR_INSTANCES` processes, sockets `<stem>-<n>.sock` for n in
        /// 1...MONITOR_INSTANCES.
        case perMonitorInstance
    }

    /// The name `/health` reports (`session-service`); instances of one
    /// backend report as one.
    public let name: String
    /// The socket file name without `.sock` (and without `-<n>`).
    public let socketStem: String
    public let instances: Instances
    /// The longest line either way on its socket: the requests its RPC
    /// server accepts and the replies the gateway's client reads.
    public let maxFrameBytes: Int

    public init(name: String, socketStem: String, instances: Instances = .single,
                maxFrameBytes: Int = RPCServer.defaultMaxFrameBytes) {
        self.name = name
        self.socketStem = socketStem
        self.instances = instances
        self.maxFrameBytes = maxFrameBytes
    }

    public static let session = BackendService(name: "session-service", socketStem: "session")
    /// The gateway forwards chat imports of up to 16 MiB to vote-service
    /// inside one request, and the reply lists every counted vote
    /// (`debug.voteMatches`, about 1.5× the bytes of the votes it lists).
    public static let vote = BackendService(name: "vote-service", socketStem: "vote",
                                            maxFrameBytes: 64 * 1024 * 1024)
    public static let monitor = BackendService(name: "monitor-service", socketStem: "monitor",
                                               instances: .perMonitorInstance)

    /// Every backend, in the order `/health` lists them.
    public static let all: [BackendService] = [.session, .vote, .monitor]

    /// The socket file name of instance `instance` (1-based; ignored for a
    /// single-instance backend).
    public func socketFileName(instance: Int = 1) -> String {
        switch instances {
        case .single: "\(socketStem).sock"
        case .perMonitorInstance: "\(socketStem)-\(instance).sock"
        }
    }

    public var description: String { name }
}
