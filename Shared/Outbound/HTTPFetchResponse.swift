import HTTP

/// The final response of a `fetch`: interim 1xx responses are dropped.
public struct HTTPFetchResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    /// Empty with `.discard`.
    public var body: [UInt8]
    /// From the start of the transfer to its end.
    public var durationMilliseconds: Int64

    public init(status: Int, headers: HTTPHeaders, body: [UInt8], durationMilliseconds: Int64) {
        self.status = status
        self.headers = headers
        self.body = body
        self.durationMilliseconds = durationMilliseconds
    }

    /// The body as UTF-8 text (invalid bytes become U+FFFD).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
