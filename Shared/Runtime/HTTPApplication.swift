import HTTP

/// What the HTTP server asks of the application, in two steps so that the
/// body limit is known before the body is read (a 16 MiB chat import and a
/// 1 MiB default cannot share one limit).
public protocol HTTPApplication: AnyObject {
    /// Called when a request head is complete, before its body is read.
    func route(_ head: HTTPRequestHead) -> HTTPRoute
}

/// The application's decision for one request.
public struct HTTPRoute {
    /// The largest body this route accepts (413 beyond it).
    public var bodyLimit: Int
    /// Runs once the whole body has arrived.
    public var handler: (HTTPExchange) -> Void

    public init(bodyLimit: Int, handler: @escaping (HTTPExchange) -> Void) {
        self.bodyLimit = bodyLimit
        self.handler = handler
    }
}

/// Every limit the server enforces, in one place (each is tested).
public struct HTTPServerLimits: Sendable {
    /// Request line plus header section (RFC 9112 §2.2) → 431 beyond it.
    public var maxHeaderBytes = 16 * 1024
    /// Header fields per request → 431 beyond it.
    public var maxHeaderCount = 100
    /// Body limit for routes that do not raise it → 413 beyond it.
    public var defaultBodyLimit = 1024 * 1024
    /// From the first byte of a request to the end of its head → 408.
    public var headerTimeoutMilliseconds = 10_000
    /// From the end of the head to the end of the body → 408.
    public var bodyTimeoutMilliseconds = 30_000
    /// A keep-alive connection with nothing in flight is closed after this.
    public var idleTimeoutMilliseconds = 30_000
    /// Pipelined requests parsed ahead of their responses; reading pauses
    /// beyond this so a pipelining client cannot queue unbounded work.
    public var maxPipelinedRequests = 32
    /// Open connections per server; new ones beyond it are closed at once.
    public var maxConnections = 20_000
    /// A connection that is closing (after `Connection: close`, an error or
    /// at shutdown) is dropped when its client has not taken the last
    /// responses within this → closed.
    public var closeTimeoutMilliseconds = 5_000
    /// Graceful shutdown waits this long for in-flight requests.
    public var shutdownGraceMilliseconds = 10_000

    public init() {}
}
