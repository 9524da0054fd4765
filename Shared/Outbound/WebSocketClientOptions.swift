/// Settings of one `WebSocketClient` connection.
public struct WebSocketClientOptions: Sendable {
    /// Offered in `Sec-WebSocket-Protocol`, in preference order (ecast:
    /// `["ecast-v0"]`).
    public var subprotocols: [String]
    /// Extra handshake fields (User-Agent, Origin…).
    public var headers: [(String, String)]
    /// From `connect` to the validated 101: resolve, TCP, TLS and the
    /// opening handshake together.
    public var connectTimeoutMilliseconds: Int
    /// Fail the connection when nothing arrives for this long; `nil`: never.
    public var idleTimeoutMilliseconds: Int?
    /// How long to wait for the server's Close after ours (§7.1.2).
    public var closeTimeoutMilliseconds: Int
    /// Largest accepted message (1009 beyond, §7.4.1).
    public var maxMessageBytes: Int
    /// Bytes that may wait to be sent; `send` refuses a message beyond
    /// (back-pressure: a peer that stops reading cannot grow our memory).
    public var maxQueuedBytes: Int
    public var tls: TLSOptions

    public init(subprotocols: [String] = [], headers: [(String, String)] = [],
                connectTimeoutMilliseconds: Int = 10_000, idleTimeoutMilliseconds: Int? = nil,
                closeTimeoutMilliseconds: Int = 2_000, maxMessageBytes: Int = 1 << 20,
                maxQueuedBytes: Int = 4 << 20, tls: TLSOptions = .verified) {
        self.subprotocols = subprotocols
        self.headers = headers
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.idleTimeoutMilliseconds = idleTimeoutMilliseconds
        self.closeTimeoutMilliseconds = closeTimeoutMilliseconds
        self.maxMessageBytes = maxMessageBytes
        self.maxQueuedBytes = maxQueuedBytes
        self.tls = tls
    }
}
