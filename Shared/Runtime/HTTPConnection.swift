import Glibc
import HTTP
import IO

/// Drives one HTTP/1.1 connection: feeds the parser, hands complete
/// requests to the application, and writes responses strictly in request
/// order (RFC 9112 §9.3.2: pipelined responses go out in the order the
/// requests came in, whatever order the handlers finish in).
final class HTTPConnection: StreamConnectionDelegate, @unchecked Sendable {
    let stream: StreamConnection
    /// The server outlives its connections (`shutdown` closes them all
    /// before completing), so unowned is safe and saves a retain per access.
    private unowned let server: HTTPServer
    private var parser: HTTPRequestParser
    private var limits: HTTPServerLimits { server.limits }

    /// Requests parsed and not yet answered on the wire, oldest first.
    private var inFlight: [HTTPExchange] = []
    private var pendingResponses: [ObjectIdentifier: HTTPResponse] = [:]
    private var currentHead: HTTPRequestHead?
    private var currentRoute: HTTPRoute?

    /// When the first byte of a request whose head is incomplete arrived.
    private var headStartedAt: UInt64?
    /// When the head of a request whose body is incomplete was parsed.
    private var bodyStartedAt: UInt64?
    private var lastActivity: UInt64
    /// No further requests are parsed; close once the in-flight ones are answered.
    private var closing = false
    private var readingPausedForPipeline = false
    /// True while `processInput` runs: a response finished synchronously
    /// inside it (`flush`) must not start another `processInput`, or a
    /// packet of many tiny pipelined requests would recurse once per
    /// request and exhaust the loop thread's stack. The running loop sees
    /// the freed pipeline slot itself.
    private var processingInput = false

    init(stream: StreamConnection, server: HTTPServer) {
        self.stream = stream
        self.server = server
        let limits = server.limits
        parser = HTTPRequestParser(maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount,
                                   defaultBodyLimit: limits.defaultBodyLimit)
        lastActivity = stream.loop.now
        stream.flushTimeoutMilliseconds = limits.closeTimeoutMilliseconds
    }

    /// The client's IP address as text, looked up once when first asked.
    private(set) lazy var peerAddress: String = Self.peerAddress(of: stream.fd)

    static func peerAddress(of fd: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let got = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard got == 0 else { return "unknown" }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let converted: UnsafePointer<CChar>? = withUnsafePointer(to: &storage) { pointer in
            switch family {
            case AF_INET:
                return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var ip = address.pointee.sin_addr
                    return inet_ntop(AF_INET, &ip, &buffer, socklen_t(buffer.count))
                }
            case AF_INET6:
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var ip = address.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &ip, &buffer, socklen_t(buffer.count))
                }
            default:
                return nil
            }
        }
        guard converted != nil else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: StreamConnectionDelegate

    func connection(_ connection: StreamConnection, didRead bytes: UnsafeRawBufferPointer) {
        lastActivity = stream.loop.now
        guard !closing else { return }
        parser.append(bytes)
        processInput()
    }

    func connectionDidReadEOF(_ connection: StreamConnection) {
        // The client will send nothing more; answer what it already asked.
        closing = true
        if inFlight.isEmpty { stream.close() }
    }

    func connectionDidClose(_ connection: StreamConnection) {
        server.connectionClosed(self)
    }

    // MARK: Requests

    private func processInput() {
        guard !processingInput else { return }
        processingInput = true
        defer { processingInput = false }
        while !closing && inFlight.count < limits.maxPipelinedRequests {
            let event: HTTPParserEvent?
            do {
                event = try parser.next()
            } catch {
                return reject(status: error.status, message: Self.message(for: error))
            }
            guard let event else { break }
            switch event {
            case .head(let head):
                headStartedAt = nil
                bodyStartedAt = stream.loop.now
                let route = server.application.route(head)
                parser.setBodyLimit(route.bodyLimit)
                currentHead = head
                currentRoute = route
                if head.expectsContinue && inFlight.isEmpty && Self.mayAccept(head, limit: route.bodyLimit) {
                    stream.write(HTTPResponseSerializer.continueLine())
                }
            case .complete(let body):
                bodyStartedAt = nil
                guard let head = currentHead, let route = currentRoute else { continue }
                currentHead = nil
                currentRoute = nil
                let exchange = HTTPExchange(head: head, body: body, requestID: server.requestID(for: head),
                                            loop: stream.loop, logger: server.logger, connection: self)
                inFlight.append(exchange)
                if !head.keepAlive || server.isShuttingDown { closing = true }
                route.handler(exchange)
            }
        }
        if !closing && parser.isInsideHead && headStartedAt == nil { headStartedAt = stream.loop.now }
        let pipelineFull = inFlight.count >= limits.maxPipelinedRequests
        if pipelineFull != readingPausedForPipeline {
            readingPausedForPipeline = pipelineFull
            if pipelineFull { stream.pauseReading() } else { stream.resumeReading() }
        }
    }

    /// A 100-continue is pointless when the declared body is already too large.
    private static func mayAccept(_ head: HTTPRequestHead, limit: Int) -> Bool {
        guard let length = head.headers["content-length"] else { return true }
        return Int(length).map { $0 <= limit } ?? false
    }

    /// Answers an unparseable or timed-out request and closes after it
    /// (the framing of anything that follows can no longer be trusted).
    private func reject(status: Int, message: String) {
        closing = true
        headStartedAt = nil
        bodyStartedAt = nil
        let head = currentHead ?? HTTPRequestHead(method: "GET", target: "/")
        let exchange = HTTPExchange(head: head, body: [], requestID: server.requestID(for: head),
                                    loop: stream.loop, logger: server.logger, connection: self)
        inFlight.append(exchange)
        exchange.respond(HTTPResponse.json(status: status, body: ErrorBody.bytes(message)))
    }

    static func message(for error: HTTPParseError) -> String {
        switch error.status {
        case 413: return "Payload too large"
        case 431: return "Request header fields too large"
        case 505: return "HTTP version not supported"
        case 501: return "Not implemented: \(error.reason)"
        default: return "Bad request: \(error.reason)"
        }
    }

    // MARK: Responses

    func complete(_ exchange: HTTPExchange, with response: HTTPResponse) {
        stream.loop.assertInLoop()
        guard !stream.isClosed else { return }
        pendingResponses[ObjectIdentifier(exchange)] = response
        flush()
    }

    private func flush() {
        var output: [UInt8] = []
        while let first = inFlight.first, var response = pendingResponses.removeValue(forKey: ObjectIdentifier(first)) {
            inFlight.removeFirst()
            let last = closing && inFlight.isEmpty
            server.decorate(&response, requestID: first.requestID)
            HTTPResponseSerializer.serialize(response, into: &output, keepAlive: first.head.keepAlive && !last,
                                             headRequest: first.head.method == "HEAD", date: server.currentDate())
            server.logAccess(first, status: response.status)
        }
        guard !output.isEmpty else { return }
        lastActivity = stream.loop.now
        stream.write(output)
        if closing && inFlight.isEmpty {
            stream.closeAfterFlush()
        } else if !closing {
            processInput()
        }
    }

    // MARK: Upgrade

    func upgrade(_ exchange: HTTPExchange, with response: HTTPResponse,
                 takeOver: @escaping (StreamConnection, [UInt8]) -> Void) {
        stream.loop.assertInLoop()
        guard !stream.isClosed else { return }
        guard inFlight.count == 1, inFlight.first === exchange else {
            // Pipelined requests ahead of or behind an upgrade: refuse it.
            pendingResponses[ObjectIdentifier(exchange)] = HTTPResponse.json(
                status: 400, body: ErrorBody.bytes("Upgrade must be the only request in flight"))
            closing = true
            return flush()
        }
        inFlight.removeAll()
        var output: [UInt8] = []
        var response = response
        server.decorate(&response, requestID: exchange.requestID)
        HTTPResponseSerializer.serialize(response, into: &output, keepAlive: true, headRequest: false,
                                         date: server.currentDate())
        server.logAccess(exchange, status: response.status)
        stream.write(output)
        let leftover = parser.takeRemainingBytes()
        closing = true
        stream.delegate = nil
        if readingPausedForPipeline { stream.resumeReading() }
        server.connectionClosed(self)
        takeOver(stream, leftover)
    }

    // MARK: Deadlines and shutdown

    /// Called by the server's periodic sweep.
    func checkDeadlines(now: UInt64) {
        if let started = headStartedAt, now &- started > UInt64(limits.headerTimeoutMilliseconds) * 1_000_000 {
            return reject(status: 408, message: "Request timeout")
        }
        if let started = bodyStartedAt, now &- started > UInt64(limits.bodyTimeoutMilliseconds) * 1_000_000 {
            return reject(status: 408, message: "Request timeout")
        }
        if inFlight.isEmpty && currentHead == nil && headStartedAt == nil && !closing,
           now &- lastActivity > UInt64(limits.idleTimeoutMilliseconds) * 1_000_000 {
            stream.close()
        }
    }

    /// Stop taking requests; close once the in-flight ones are answered.
    func beginShutdown() {
        stream.loop.assertInLoop()
        closing = true
        if inFlight.isEmpty { stream.closeAfterFlush() }
    }
}
