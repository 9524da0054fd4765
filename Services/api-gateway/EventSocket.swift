import Contracts
import IO
import WebSocket
import JSON
import Runtime

/// The gateway's `gateway-events.sock`: services publish events here as
/// JSON-RPC notifications (`events.publish`). Each event is stamped, encoded
/// as one WebSocket frame, and handed to every loop's hub (`deliver`).
final class EventSocket: @unchecked Sendable {
    private let server: RPCServer
    private let path: String
    private let logger: Logger

    init(loop: EventLoop, path: String, logger: Logger, deliver: @escaping (LiveEvent) -> Void) {
        server = RPCServer(loop: loop, logger: logger)
        self.path = path
        self.logger = logger
        server.register(Method.publishEvent) { [unowned self] call in
            guard let type = call.params["type"]?.stringValue, call.params["data"]?.objectValue != nil else {
                call.fail(.invalidParams("events.publish needs a string type and an object data"))
                return
            }
            let data = call.params["data"]?.objectValue ?? JSONObject()
            self.logger.debug("event", ("type", type), ("data", JSONValue.object(data).jsonString))
            deliver(LiveEvent(type: type, data: data))
            call.succeed(.null)
        }
    }

    func start() throws { try server.start(path: path) }
    func stop() { server.stop() }
}

/// One event ready for the hubs: the frame is encoded once, here, and the
/// same bytes go to every client on every loop.
struct LiveEvent: Sendable {
    let frame: [UInt8]
    let sessionID: Int64?
    /// `session.started` goes to every authenticated client.
    let toEveryone: Bool

    init(type: String, data: JSONObject) {
        let timestamp = Timestamp.format(milliseconds: WallClock.nowMilliseconds())
        frame = WebSocketFrameEncoder.text(LiveProtocol.event(type: type, timestamp: timestamp, data: data))
        sessionID = LiveProtocol.sessionID(ofEventData: data)
        toEveryone = type == "session.started"
    }
}
