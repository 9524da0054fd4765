import IO
import JSON
import RPC

/// Serves JSON-RPC 2.0 over a Unix stream socket, one compact JSON object
/// per line, many calls in flight per connection (answered as they finish,
/// matched by id).
public final class RPCServer: @unchecked Sendable {
    public typealias Handler = (RPCCall) -> Void

    public let loop: EventLoop
    let logger: Logger
    let maxFrameBytes: Int
    /// Calls answered-to-be per connection; beyond it the connection stops
    /// reading until replies go out, so one client cannot queue unbounded work.
    let maxInFlightPerConnection: Int
    private var handlers: [String: Handler] = [:]
    private var listener: Listener?
    private var connections: [ObjectIdentifier: RPCServerConnection] = [:]

    /// The default frame limit. A backend that takes bigger requests says
    /// so in the backend table (`BackendService.maxFrameBytes`).
    public static let defaultMaxFrameBytes = 16 * 1024 * 1024

    public init(loop: EventLoop, logger: Logger, maxFrameBytes: Int = RPCServer.defaultMaxFrameBytes,
                maxInFlightPerConnection: Int = 4_096) {
        self.loop = loop
        self.logger = logger
        self.maxFrameBytes = maxFrameBytes
        self.maxInFlightPerConnection = maxInFlightPerConnection
    }

    /// Registers `handler` for `method` (`resource.verb`). Before `start`.
    public func register(_ method: String, _ handler: @escaping Handler) {
        handlers[method] = handler
    }

    public func start(path: String) throws {
        let fd = try Socket.listenUnix(path: path)
        let listener = Listener(loop: loop, fd: fd, unixPath: path) { [unowned self] client in
            let stream = StreamConnection(loop: self.loop, fd: client)
            let connection = RPCServerConnection(stream: stream, server: self)
            stream.delegate = connection
            do {
                try stream.start()
                self.connections[ObjectIdentifier(connection)] = connection
            } catch {
                stream.close()
            }
        }
        try listener.start()
        self.listener = listener
    }

    /// Stops accepting and closes every connection (after flushing replies).
    public func stop() {
        listener?.close()
        listener = nil
        for connection in Array(connections.values) { connection.stream.closeAfterFlush() }
    }

    func connectionClosed(_ connection: RPCServerConnection) {
        connections[ObjectIdentifier(connection)] = nil
    }

    func dispatch(_ request: RPCRequest, send: @escaping ([UInt8]) -> Void) {
        let call = RPCCall(request: request, loop: loop, logger: logger, send: send)
        call.logger.debug("rpc", ("method", request.method))
        guard let handler = handlers[request.method] else {
            call.fail(.methodNotFound("Method not found: \(request.method)"))
            return
        }
        handler(call)
    }
}

/// One client connection of an `RPCServer`.
final class RPCServerConnection: StreamConnectionDelegate, @unchecked Sendable {
    let stream: StreamConnection
    /// Weak: a connection still lingering after `stop()` may outlive the server.
    private weak var server: RPCServer?
    private let logger: Logger
    private let maxFrameBytes: Int
    private let maxInFlight: Int
    private var framer: LineFramer
    private var inFlight = 0
    private var processing = false

    init(stream: StreamConnection, server: RPCServer) {
        self.stream = stream
        self.server = server
        logger = server.logger
        maxFrameBytes = server.maxFrameBytes
        maxInFlight = server.maxInFlightPerConnection
        framer = LineFramer(maxFrameBytes: server.maxFrameBytes)
    }

    func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {
        framer.append(bytes)
        processFrames()
    }

    /// Handles buffered frames while the in-flight cap allows; at the cap,
    /// stops reading (frames already read wait in the framer).
    private func processFrames() {
        // Re-entered from a synchronous reply: the running loop below
        // sees the lower count itself (no recursion per frame).
        guard !processing else { return }
        processing = true
        defer { processing = false }
        while stream.isOpen {
            if inFlight >= maxInFlight {
                stream.pauseReading()
                return
            }
            let frame: [UInt8]?
            do {
                frame = try framer.nextFrame()
            } catch {
                // The stream can no longer be framed: say why, then hang up.
                logger.warning("rpc frame too large; closing connection", ("limit", "\(maxFrameBytes)"))
                stream.write(RPCCodec.encode(RPCResponse(id: nil, outcome: .failure(
                    RPCError(code: -32600, message: "Frame exceeds \(maxFrameBytes) bytes", data: nil)))))
                stream.closeAfterFlush()
                return
            }
            guard let frame else { return }
            handle(frame)
        }
    }

    private func handle(_ frame: [UInt8]) {
        switch RPCCodec.decode(frame) {
        case .success(.request(let request)):
            let stream = self.stream
            if request.id != nil { inFlight += 1 }
            let (id, limit, logger) = (request.id, maxFrameBytes, logger)
            server?.dispatch(request) { [weak self] bytes in
                // A reply the client would have to refuse (dropping the
                // connection and every call on it) fails this call alone.
                if bytes.count - 1 > limit {
                    logger.warning("rpc reply too large; answering with an error", ("bytes", "\(bytes.count)"),
                                   ("limit", "\(limit)"))
                    stream.write(RPCCodec.encode(RPCResponse(id: id, outcome: .failure(
                        RPCError(code: RPCErrorCode.internalError,
                                 message: "Reply exceeds the \(limit)-byte frame limit", data: nil)))))
                } else {
                    stream.write(bytes)
                }
                self?.replied()
            }
        case .success(.response):
            // We never send requests on a server connection; ignore strays.
            break
        case .failure(let failure):
            stream.write(RPCCodec.encode(RPCResponse(id: failure.id, outcome: .failure(failure.error))))
        }
    }

    /// A reply went out (on the loop): below the cap again, read on.
    private func replied() {
        inFlight -= 1
        if inFlight == maxInFlight - 1 {
            stream.resumeReading()
            processFrames()
        }
    }

    func connectionDidClose(_ connection: StreamConnection) {
        server?.connectionClosed(self)
    }
}
