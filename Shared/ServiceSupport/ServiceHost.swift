import Glibc
import IO
import JSON
import RPC
import Runtime
import Storage

/// What the three backend services (session, vote, monitor) share: a
/// JSON-RPC server on their Unix socket, `system.health`, and a connection to
/// the gateway's event socket for publishing events.
public final class ServiceHost: @unchecked Sendable {
    public let process: ServiceProcess
    public let rpc: RPCServer
    /// Notifications to the gateway (best-effort; queued briefly while the
    /// gateway is down, see `RPCClient`).
    public let events: RPCClient
    /// `GAMENIGHT_CRASH_AT` fault injection (tests only; inert when unset).
    public let crashPoints: CrashPoints
    private let socketPath: String
    private var peers: [RPCClient] = []

    public var loop: EventLoop { process.loop }
    public var logger: Logger { process.logger }
    public var configuration: Configuration { process.configuration }

    public init(process: ServiceProcess, socketPath: String) {
        self.process = process
        self.socketPath = socketPath
        // The frame limit of the backend that owns this socket (the table
        // raises vote-service's for 16 MiB chat imports).
        let service = process.configuration.services.endpoint(atSocketPath: socketPath)?.service
        rpc = RPCServer(loop: process.loop, logger: process.logger,
                        maxFrameBytes: service?.maxFrameBytes ?? RPCServer.defaultMaxFrameBytes)
        events = RPCClient(serviceName: "api-gateway", path: process.configuration.gatewayEventsSocketPath,
                           loop: process.loop, logger: process.logger,
                           limits: process.configuration.rpcClientLimits)
        crashPoints = CrashPoints(environment: ProcessEnvironment.current(),
                                  dataDirectory: process.configuration.dataDirectory, logger: process.logger)
        // First shutdown step: stop taking calls before anything they use
        // (a database, say) is closed by later steps.
        process.onShutdown("rpc server") { [unowned self] done in
            self.rpc.stop()
            self.events.stop()
            self.peers.forEach { $0.stop() }
            done()
        }
    }

    /// A connection to another service's socket (calls between services,
    /// e.g. vote-service → session-service), started with the host and
    /// stopped at shutdown. Before `run`.
    public func peer(_ serviceName: String, path: String, maxFrameBytes: Int = 16 * 1024 * 1024) -> RPCClient {
        let client = RPCClient(serviceName: serviceName, path: path, loop: loop, logger: logger,
                               defaultTimeoutMilliseconds: configuration.rpcTimeoutMilliseconds,
                               maxFrameBytes: maxFrameBytes, limits: configuration.rpcClientLimits)
        peers.append(client)
        return client
    }

    /// Publishes an event for the gateway to fan out: `events.publish` with
    /// `{"type": …, "data": …}`.
    public func publish(_ type: String, _ data: JSONObject) {
        if loop.inLoop {
            events.notify("events.publish", params: ["type": .string(type), "data": .object(data)])
        } else {
            loop.execute { [self] in self.publish(type, data) }
        }
    }

    /// Opens (creating and migrating) `$DATA_DIR/<file>` on its own worker
    /// thread, closes it after the RPC server on shutdown, and exits the
    /// process if it cannot be opened: a service without its database must
    /// not report ready.
    public func openDatabase(_ file: String, migrations: [String]) -> DatabaseWorker {
        let path = configuration.dataDirectory + "/" + file
        do {
            let database = try DatabaseWorker(path: path, migrations: migrations)
            process.onShutdown("database") { done in
                database.shutdown()
                done()
            }
            return database
        } catch {
            // "disk full" / "read-only file system" first: the operator's fix.
            let fault = (error as? SQLiteError).flatMap(StorageFault.init).map { "\($0.message); " } ?? ""
            logger.error("cannot open \(path): \(fault)\(error)")
            exit(1)
        }
    }

    /// Registers `system.health` (answering after a read on `database`
    /// succeeds), binds the socket, runs until SIGTERM.
    public func run(database: DatabaseWorker, setUp: () throws -> Void = {}) -> Never {
        let name = process.name
        rpc.register("system.health") { call in
            database.read({ db in _ = try db.query("SELECT 1") }) { result in
                switch result {
                case .success: call.succeed(["status": "ok", "service": .string(name)])
                case .failure(let error): call.fail(.internalError("health probe failed: \(error)"))
                }
            }
        }
        process.run {
            try setUp()
            try rpc.start(path: socketPath)
            events.start()
            peers.forEach { $0.start() }
        }
    }
}
