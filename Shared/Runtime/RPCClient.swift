import Glibc
import IO
import JSON
import RPC

/// A persistent JSON-RPC connection to one service's Unix socket, owned by
/// one loop.
///
/// - Many calls in flight, matched by our own monotonically increasing ids.
/// - Every call has a deadline: past it the caller gets `timeout` (the
///   gateway's 504) and a late reply is dropped.
/// - While the service is down, calls fail at once with `unavailable` (the
///   gateway's prompt 503) instead of waiting; the client reconnects in the
///   background with exponential back-off.
/// - If the connection drops with calls in flight, they fail with
///   `unavailable`: the service may or may not have done the work, which is
///   why writes that must not repeat carry idempotency keys.
/// - Notifications sent while disconnected wait in a small bounded queue
///   (events are best-effort: the oldest are dropped beyond it).
/// - While the service is connected but not keeping up (not reading, e.g.
///   SIGSTOPped), calls beyond `limits` fail at once with `busy` (the
///   gateway's 503) instead of queuing without bound; notifications beyond
///   the byte bound are dropped (see `RPCClientLimits`).
public final class RPCClient: StreamConnectionDelegate, @unchecked Sendable {
    public typealias Completion = (Result<JSONValue, RPCError>) -> Void
    /// For proxies: the success result as the service serialized it.
    public typealias RawCompletion = (Result<[UInt8], RPCError>) -> Void

    private enum Waiter {
        case value(Completion)
        case raw(RawCompletion)

        func fail(_ error: RPCError) {
            switch self {
            case .value(let completion): completion(.failure(error))
            case .raw(let completion): completion(.failure(error))
            }
        }
    }

    public let serviceName: String
    public let path: String
    public let loop: EventLoop
    private let logger: Logger
    private let defaultTimeoutMilliseconds: Int
    public let limits: RPCClientLimits
    private var stream: StreamConnection?
    private let maxFrameBytes: Int
    private var framer: LineFramer
    private var connected = false
    private var stopped = false
    private var backoff = ReconnectBackoff()
    private var nextID: Int64 = 1
    private var pending: [Int64: (waiter: Waiter, timer: TimerID)] = [:]
    private var queuedNotifications: [[UInt8]] = []
    private let maxQueuedNotifications = 1_024
    private var loggedDown = false
    /// Set while calls are being refused as busy, so that is logged once
    /// per episode, not once per call.
    private var loggedBusy = false
    private var droppedNotifications = 0
    /// When the first failed connect since the last success happened.
    private var downSince: UInt64?
    /// How long a peer may stay unreachable before that is logged above debug.
    static let quietGraceNanoseconds: UInt64 = 10_000_000_000

    /// Called on the loop whenever the connection comes up or goes down.
    public var onStateChange: ((Bool) -> Void)?

    public init(serviceName: String, path: String, loop: EventLoop, logger: Logger,
                defaultTimeoutMilliseconds: Int = 5_000, maxFrameBytes: Int = 16 * 1024 * 1024,
                limits: RPCClientLimits = RPCClientLimits()) {
        self.limits = limits
        self.maxFrameBytes = maxFrameBytes
        framer = LineFramer(maxFrameBytes: maxFrameBytes)
        self.serviceName = serviceName
        self.path = path
        self.loop = loop
        self.logger = logger
        self.defaultTimeoutMilliseconds = defaultTimeoutMilliseconds
    }

    public var isConnected: Bool { connected }
    public var inFlightCount: Int { pending.count }
    /// Request bytes waiting for the peer to read them.
    public var queuedBytes: Int { stream?.bufferedBytes ?? 0 }

    /// Starts connecting. Loop thread only.
    public func start() {
        loop.assertInLoop()
        stopped = false
        connect()
    }

    public func stop() {
        loop.assertInLoop()
        stopped = true
        stream?.close()
    }

    /// Calls `method`; `completion` runs exactly once, on the loop.
    public func call(_ method: String, params: JSONObject = JSONObject(), requestID: String? = nil,
                     timeoutMilliseconds: Int? = nil, completion: @escaping Completion) {
        send(method, params, nil, requestID, timeoutMilliseconds, .value(completion))
    }

    /// Like `call`, but a success hands over the result's JSON bytes as the
    /// service wrote them, so a proxy can pass them on without parsing and
    /// re-serializing (see `RPCCodec.successResult`). `splicing` adds one
    /// params member whose value is already-serialized, valid JSON (a
    /// request body), written as it is (see `RPCRawMember`).
    public func callRaw(_ method: String, params: JSONObject = JSONObject(), splicing member: RPCRawMember? = nil,
                        requestID: String? = nil, timeoutMilliseconds: Int? = nil,
                        completion: @escaping RawCompletion) {
        send(method, params, member, requestID, timeoutMilliseconds, .raw(completion))
    }

    private func send(_ method: String, _ params: JSONObject, _ member: RPCRawMember?, _ requestID: String?,
                      _ timeoutMilliseconds: Int?, _ waiter: Waiter) {
        loop.assertInLoop()
        guard connected, let stream else {
            waiter.fail(Self.unavailable(serviceName))
            return
        }
        let id = nextID
        nextID += 1
        var params = params
        if let requestID { params[RPCContext.requestIDKey] = .string(requestID) }
        let request = RPCRequest(method: method, params: .object(params), id: .int(id))
        let bytes = member.map { RPCCodec.encode(request, splicing: $0) } ?? RPCCodec.encode(request)
        guard limits.admits(inFlightCalls: pending.count, queuedBytes: stream.bufferedBytes, requestBytes: bytes.count)
        else {
            if !loggedBusy {
                loggedBusy = true
                logger.warning("\(serviceName) is not keeping up; refusing new calls",
                               ("in_flight", "\(pending.count)"), ("queued_bytes", "\(stream.bufferedBytes)"),
                               ("max_in_flight", "\(limits.maxInFlightCalls)"),
                               ("max_queued_bytes", "\(limits.maxQueuedBytes)"))
            }
            waiter.fail(Self.busy(serviceName))
            return
        }
        if loggedBusy {
            loggedBusy = false
            logger.notice("\(serviceName) is keeping up again")
        }
        let timer = loop.schedule(afterMilliseconds: timeoutMilliseconds ?? defaultTimeoutMilliseconds) { [weak self] in
            guard let self, let entry = self.pending.removeValue(forKey: id) else { return }
            entry.waiter.fail(Self.timeout(self.serviceName))
        }
        pending[id] = (waiter, timer)
        stream.write(bytes)
    }

    /// Sends a notification (no reply). Queued briefly while disconnected.
    public func notify(_ method: String, params: JSONObject) {
        loop.assertInLoop()
        let bytes = RPCCodec.encode(RPCRequest(method: method, params: .object(params), id: nil))
        if connected, let stream {
            guard limits.admitsNotification(queuedBytes: stream.bufferedBytes, bytes: bytes.count) else {
                // Best-effort, like the queue while disconnected: a peer
                // that does not read must not grow our memory.
                if droppedNotifications == 0 {
                    logger.warning("\(serviceName) is not reading; dropping notifications",
                                   ("queued_bytes", "\(stream.bufferedBytes)"))
                }
                droppedNotifications += 1
                return
            }
            if droppedNotifications > 0 {
                logger.notice("\(serviceName) is reading again", ("dropped_notifications", "\(droppedNotifications)"))
                droppedNotifications = 0
            }
            stream.write(bytes)
        } else {
            if queuedNotifications.count >= maxQueuedNotifications { queuedNotifications.removeFirst() }
            queuedNotifications.append(bytes)
        }
    }

    public static func unavailable(_ service: String) -> RPCError {
        RPCError(code: RPCErrorCode.unavailable, message: "Service unavailable: \(service)", data: nil)
    }

    /// Same code as `unavailable` (callers that retry later treat both
    /// alike); the message says the service is up but behind.
    public static func busy(_ service: String) -> RPCError {
        RPCError(code: RPCErrorCode.unavailable, message: "Service busy: \(service)", data: nil)
    }

    public static func timeout(_ service: String) -> RPCError {
        RPCError(code: RPCErrorCode.timeout, message: "Upstream timeout: \(service)", data: nil)
    }

    // MARK: Connection management

    private func connect() {
        guard !stopped, stream == nil else { return }
        do {
            let (fd, isConnected) = try Socket.connectUnix(path: path)
            let stream = StreamConnection(loop: loop, fd: fd, connected: isConnected)
            // Never stop reading replies because our requests back up: the
            // server pauses its reads when its replies back up, and if both
            // ends paused at once neither would drain. Replies are bounded
            // by the calls in flight, which the deadlines bound.
            stream.highWatermark = .max
            stream.delegate = self
            self.stream = stream
            framer = LineFramer(maxFrameBytes: maxFrameBytes)
            try stream.start()
            if isConnected { becameConnected() }
        } catch {
            // A peer that is still starting (the gateway's event socket while
            // the services come up first) is expected: debug. Only one that
            // stays down past the grace period is worth a notice.
            let now = MonotonicClock.now()
            if downSince == nil {
                downSince = now
                logger.debug("\(serviceName) not reachable yet; retrying", ("path", path), ("error", "\(error)"))
            } else if !loggedDown, let since = downSince, now - since >= Self.quietGraceNanoseconds {
                logger.notice("\(serviceName) still not reachable; retrying", ("path", path), ("error", "\(error)"),
                              ("seconds", "\((now - since) / 1_000_000_000)"))
                loggedDown = true
            }
            stream?.delegate = nil
            stream?.close()
            stream = nil
            scheduleReconnect()
        }
    }

    private func scheduleReconnect() {
        guard !stopped else { return }
        loop.schedule(afterMilliseconds: backoff.nextDelay()) { [weak self] in self?.connect() }
    }

    private func becameConnected() {
        connected = true
        backoff.reset()
        if loggedDown { logger.notice("reconnected to \(serviceName)") }
        loggedDown = false
        downSince = nil
        for bytes in queuedNotifications { stream?.write(bytes) }
        queuedNotifications.removeAll()
        onStateChange?(true)
    }

    public func connectionDidConnect(_ connection: StreamConnection) {
        becameConnected()
    }

    public func connectionDidClose(_ connection: StreamConnection) {
        let wasConnected = connected
        connected = false
        stream = nil
        loggedBusy = false
        droppedNotifications = 0
        let failed = pending
        pending.removeAll()
        for (_, entry) in failed {
            loop.cancel(entry.timer)
            entry.waiter.fail(Self.unavailable(serviceName))
        }
        if wasConnected {
            // A peer that stops in order (make run's Ctrl-C, systemctl stop) closes
            // with nothing in flight: worth a line, not a warning. Calls lost are.
            if stopped {
                logger.debug("connection to \(serviceName) closed")
            } else if failed.isEmpty {
                logger.info("connection to \(serviceName) closed; reconnecting")
            } else {
                logger.warning("connection to \(serviceName) lost; reconnecting", ("failed_calls", "\(failed.count)"))
            }
            loggedDown = true
            onStateChange?(false)
        }
        scheduleReconnect()
    }

    public func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {
        framer.append(bytes)
        while true {
            let frame: [UInt8]?
            do {
                frame = try framer.nextFrame()
            } catch {
                logger.error("\(serviceName) sent an oversized frame; reconnecting")
                connection.close()
                return
            }
            guard let frame else { return }
            deliver(frame)
        }
    }

    private func deliver(_ frame: [UInt8]) {
        if let (id, result) = RPCCodec.successResult(frame) {
            guard let entry = pending.removeValue(forKey: id) else { return }
            loop.cancel(entry.timer)
            switch entry.waiter {
            case .raw(let completion):
                completion(.success(Array(result)))
            case .value(let completion):
                do {
                    completion(.success(try JSONValue.parse(Array(result))))
                } catch {
                    completion(.failure(.internalError("\(serviceName) sent an unparsable result")))
                }
            }
            return
        }
        guard case .success(.response(let response)) = RPCCodec.decode(frame),
              case .int(let id)? = response.id,
              let entry = pending.removeValue(forKey: id) else { return }
        loop.cancel(entry.timer)
        switch (entry.waiter, response.outcome) {
        case (.value(let completion), let outcome): completion(outcome)
        case (.raw(let completion), .success(let value)): completion(.success(value.serialized))
        case (.raw(let completion), .failure(let error)): completion(.failure(error))
        }
    }
}
