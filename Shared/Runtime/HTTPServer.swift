import Crypto
import Glibc
import HTTP
import IO

/// An HTTP/1.1 server on one event loop. Several servers (one per loop)
/// can share a port through SO_REUSEPORT; each owns its connections, so
/// nothing is shared between threads.
public final class HTTPServer: @unchecked Sendable {
    public let loop: EventLoop
    public let limits: HTTPServerLimits
    public let logger: Logger
    let application: any HTTPApplication
    private var listener: Listener?
    private var connections: [ObjectIdentifier: HTTPConnection] = [:]
    private var sweepTimer: TimerID?
    /// When accept(2) failures were last logged, and how many since.
    private var acceptFailureLoggedAt: UInt64?
    private var acceptPausesSinceLog = 0
    public private(set) var isShuttingDown = false

    /// Added to every response (CORS for browser dashboards on other origins).
    public var defaultHeaders: [(String, String)] = [("Access-Control-Allow-Origin", "*")]

    private var cachedDate = ""
    private var cachedDateSecond: Int64 = -1
    private let requestIDPrefix = Hex.encode(SecureRandom.bytes(4))
    private var requestCounter: UInt64 = 0

    public init(loop: EventLoop, limits: HTTPServerLimits = HTTPServerLimits(), logger: Logger,
                application: any HTTPApplication) {
        self.loop = loop
        self.limits = limits
        self.logger = logger
        self.application = application
    }

    /// Starts accepting on an already listening socket. Loop thread only.
    public func start(listeningSocket fd: Int32) throws {
        loop.assertInLoop()
        let listener = Listener(loop: loop, fd: fd) { [unowned self] client in self.accept(client) }
        listener.onAcceptPaused = { [unowned self] error in self.acceptPaused(error) }
        try listener.start()
        self.listener = listener
        scheduleSweep()
    }

    private func accept(_ fd: Int32) {
        guard !isShuttingDown, connections.count < limits.maxConnections else {
            close(fd)
            return
        }
        try? Socket.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        let stream = StreamConnection(loop: loop, fd: fd)
        let connection = HTTPConnection(stream: stream, server: self)
        stream.delegate = connection
        do {
            try stream.start()
            connections[ObjectIdentifier(connection)] = connection
        } catch {
            stream.close()
        }
    }

    /// At most one line per 10 s: accept pauses 10 times a second while
    /// the process is out of descriptors.
    private func acceptPaused(_ error: IOError) {
        acceptPausesSinceLog += 1
        let now = loop.now
        if let last = acceptFailureLoggedAt, now &- last < 10_000_000_000 { return }
        acceptFailureLoggedAt = now
        let reason = error.errnoCode == EMFILE || error.errnoCode == ENFILE ? "out of file descriptors" : "accept failed"
        logger.warning("\(reason); pausing accept", ("error", "\(error)"), ("connections", "\(connections.count)"),
                       ("pauses", "\(acceptPausesSinceLog)"), ("pause_ms", "\(Listener.pauseMilliseconds)"))
        acceptPausesSinceLog = 0
    }

    func connectionClosed(_ connection: HTTPConnection) {
        connections[ObjectIdentifier(connection)] = nil
    }

    /// One timer per server rather than per connection: deadlines are
    /// checked twice a second, so the per-request cost of a timeout is zero.
    private func scheduleSweep() {
        sweepTimer = loop.schedule(afterMilliseconds: 500) { [weak self] in
            guard let self else { return }
            let now = self.loop.now
            for connection in Array(self.connections.values) { connection.checkDeadlines(now: now) }
            self.scheduleSweep()
        }
    }

    /// Graceful shutdown: stop accepting, let in-flight requests finish
    /// (their responses say `Connection: close`), close idle connections,
    /// and after the grace period close whatever is left. Loop thread only.
    public func shutdown(completion: @escaping () -> Void) {
        loop.assertInLoop()
        guard !isShuttingDown else { return }
        isShuttingDown = true
        listener?.close()
        listener = nil
        for connection in Array(connections.values) { connection.beginShutdown() }
        let deadline = loop.now + UInt64(limits.shutdownGraceMilliseconds) * 1_000_000
        func check() {
            if connections.isEmpty || loop.now >= deadline {
                for connection in Array(connections.values) { connection.stream.close() }
                if let sweepTimer { loop.cancel(sweepTimer) }
                completion()
            } else {
                loop.schedule(afterMilliseconds: 50, check)
            }
        }
        check()
    }

    // MARK: Helpers for connections

    func currentDate() -> String {
        let second = WallClock.nowMilliseconds() / 1000
        if second != cachedDateSecond {
            cachedDateSecond = second
            cachedDate = HTTPDate.string(fromUnixSeconds: Int(second))
        }
        return cachedDate
    }

    /// The client's `X-Request-Id` when it is sane (visible ASCII, at most
    /// 128 bytes), else a new one: loop-unique prefix plus a counter.
    func requestID(for head: HTTPRequestHead) -> String {
        if let given = head.headers["x-request-id"], !given.isEmpty, given.utf8.count <= 128,
           given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return given
        }
        requestCounter &+= 1
        return "\(requestIDPrefix)-\(requestCounter)"
    }

    func decorate(_ response: inout HTTPResponse, requestID: String) {
        for (name, value) in defaultHeaders { response.headers.add(name: name, value: value) }
        response.headers.add(name: "X-Request-Id", value: requestID)
    }

    func logAccess(_ exchange: HTTPExchange, status: Int) {
        let elapsed = (loop.now &- exchange.startedAt) / 1000
        if status >= 500 {
            logger.warning("request failed", ("method", exchange.head.method), ("path", exchange.head.path),
                           ("status", "\(status)"), ("us", "\(elapsed)"), ("request_id", exchange.requestID))
        } else {
            logger.debug("request", ("method", exchange.head.method), ("path", exchange.head.path),
                         ("status", "\(status)"), ("us", "\(elapsed)"), ("request_id", exchange.requestID))
        }
    }
}
