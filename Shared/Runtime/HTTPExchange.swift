import HTTP
import IO

/// One request and the means to answer it. Handlers may answer at once or
/// later (after an RPC round trip), but always on the connection's loop.
public final class HTTPExchange: @unchecked Sendable {
    public let head: HTTPRequestHead
    public let body: [UInt8]
    public let requestID: String
    public let loop: EventLoop
    public let logger: Logger
    /// The client's IP address as text ("unknown" when it cannot be had).
    public var peerAddress: String { connection?.peerAddress ?? "unknown" }
    /// Monotonic start time, for the access log.
    public let startedAt: UInt64
    weak var connection: HTTPConnection?
    var serializedResponse: [UInt8]?
    public private(set) var responseStatus: Int?

    init(head: HTTPRequestHead, body: [UInt8], requestID: String, loop: EventLoop, logger: Logger,
         connection: HTTPConnection) {
        self.head = head
        self.body = body
        self.requestID = requestID
        self.loop = loop
        self.logger = logger
        self.connection = connection
        startedAt = loop.now
    }

    /// Sends the response (once; later calls are ignored). Must run on `loop`.
    public func respond(_ response: HTTPResponse) {
        loop.assertInLoop()
        guard responseStatus == nil else { return }
        responseStatus = response.status
        connection?.complete(self, with: response)
    }

    /// Sends `response` (a 101) and hands the connection to `takeOver`
    /// together with any bytes the client already sent after the request
    /// (RFC 9110 §7.8: after the 101 the connection speaks the new
    /// protocol). Only the sole in-flight request of a connection can
    /// upgrade; otherwise this answers 400.
    public func upgrade(_ response: HTTPResponse, takeOver: @escaping (StreamConnection, [UInt8]) -> Void) {
        loop.assertInLoop()
        guard responseStatus == nil else { return }
        responseStatus = response.status
        connection?.upgrade(self, with: response, takeOver: takeOver)
    }
}
