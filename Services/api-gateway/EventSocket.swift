import Contracts
import IO
import JSON
import Runtime

/// The gateway's `gateway-events.sock`: services publish events here as
/// JSON-RPC notifications (`events.publish`). Fan-out to WebSocket clients
/// arrives with the real-time issue; until then events are counted and
/// logged at debug level.
final class EventSocket: @unchecked Sendable {
    private let server: RPCServer
    private let path: String
    private let logger: Logger
    private(set) var received = 0

    init(loop: EventLoop, path: String, logger: Logger) {
        server = RPCServer(loop: loop, logger: logger)
        self.path = path
        self.logger = logger
        server.register(Method.publishEvent) { [unowned self] call in
            guard let type = call.params["type"]?.stringValue, call.params["data"]?.objectValue != nil else {
                call.fail(.invalidParams("events.publish needs a string type and an object data"))
                return
            }
            self.received += 1
            self.logger.debug("event", ("type", type), ("data", call.params["data"]?.jsonString ?? "{}"))
            call.succeed(.null)
        }
    }

    func start() throws { try server.start(path: path) }
    func stop() { server.stop() }
}
