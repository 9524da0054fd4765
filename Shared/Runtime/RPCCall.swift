import IO
import JSON
import RPC
import Synchronization

/// One incoming JSON-RPC request or notification, and the way to answer it.
///
/// `reply` may be called from any thread (a database worker, say): it hops
/// back to the connection's loop. A notification (no id) is never answered
/// (JSON-RPC 2.0 §4.1), so replying to one is a no-op.
public final class RPCCall: @unchecked Sendable {
    public let method: String
    /// The call's params object (empty when the call had none or gave an array).
    public let params: JSONObject
    public let id: RPCID?
    /// The HTTP request id this call serves, when the gateway sent one.
    public let requestID: String?
    public let logger: Logger
    private let loop: EventLoop
    private let send: ([UInt8]) -> Void
    private let answered = Atomic<Bool>(false)

    init(request: RPCRequest, loop: EventLoop, logger: Logger, send: @escaping ([UInt8]) -> Void) {
        method = request.method
        var params = request.params?.objectValue ?? JSONObject()
        let requestID = params[RPCContext.requestIDKey]?.stringValue
        params[RPCContext.requestIDKey] = nil
        self.params = params
        id = request.id
        self.requestID = requestID
        self.logger = requestID.map { logger.with("request_id", $0) } ?? logger
        self.loop = loop
        self.send = send
    }

    public var isNotification: Bool { id == nil }

    /// Answers the call; only the first answer counts.
    public func reply(_ outcome: Result<JSONValue, RPCError>) {
        guard let id, !answered.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let bytes = RPCCodec.encode(RPCResponse(id: id, outcome: outcome))
        if loop.inLoop {
            send(bytes)
        } else {
            // `send` writes to a loop-confined connection; it runs on that loop.
            let send = UnsafeTransfer(self.send)
            loop.execute { send.value(bytes) }
        }
    }

    public func succeed(_ value: JSONValue) { reply(.success(value)) }
    public func fail(_ error: RPCError) { reply(.failure(error)) }
}

/// Conventions for what travels inside params beside the method's own
/// arguments.
public enum RPCContext {
    /// The gateway puts the HTTP request's `X-Request-Id` here so the
    /// services' log lines carry it too; the server strips it before the
    /// method sees its params.
    public static let requestIDKey = "_request_id"
}
