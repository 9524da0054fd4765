/// A one-shot HTTP(S) request for `CurlDriver.fetch`.
///
/// Redirects are never followed: a 3xx is the answer, not an instruction
/// (a webhook receiver's redirect must not make us POST elsewhere).
public struct HTTPRequest: Sendable {
    /// What happens to the response body.
    public enum BodyHandling: Sendable, Equatable {
        /// Keep up to `maxResponseBytes`; more fails with `.tooLarge`.
        case collect
        /// Read and drop it (webhook receivers' bodies are not used).
        case discard
    }

    public var method: String
    public var url: String
    /// Sent in order. An empty value removes a header libcurl would add
    /// (`("Expect", "")`: no `100-continue` round trip).
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Whole request, connect included (`CURLOPT_TIMEOUT_MS`).
    public var timeoutMilliseconds: Int
    public var userAgent: String?
    public var maxResponseBytes: Int
    public var bodyHandling: BodyHandling
    public var tls: TLSOptions
    /// Where the connection may go; `.publicOnly` refuses private and
    /// loopback addresses before connecting (`OutboundError.Kind.refused`).
    public var addressPolicy: AddressPolicy = .any

    public init(method: String = "GET", url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                timeoutMilliseconds: Int = 10_000, userAgent: String? = nil, maxResponseBytes: Int = 1 << 20,
                bodyHandling: BodyHandling = .collect, tls: TLSOptions = .verified) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
        self.bodyHandling = bodyHandling
        self.tls = tls
    }
}
